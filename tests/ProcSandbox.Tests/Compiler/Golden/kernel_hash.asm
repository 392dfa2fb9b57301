func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F829A010000                  jb      @01B3
0019  4883EB01                      sub     rbx,1
001D  0F8CCE000000                  jl      @00F1
0023  48C745F800000000              mov     qword ptr [rbp-8],0
002B  48C745F000000000              mov     qword ptr [rbp-10h],0
0033  41BC00000000                  mov     r12d,0
0039  448B6D10                      mov     r13d,[rbp+10h]
003D  41B900000000                  mov     r9d,0
0043  41BC00000000                  mov     r12d,0
0049  4883EB01                      sub     rbx,1
004D  0F8CC6000000                  jl      @0119
0053  453BE5                        cmp     r12d,r13d
0056  7331                          jae     short @0089
0058  418BF4                        mov     esi,r12d
005B  6BF61F                        imul    esi,1Fh
005E  458BDC                        mov     r11d,r12d
0061  4983C301                      add     r11,1
0065  4D3B5F08                      cmp     r11,[r15+8]
0069  0F8736010000                  ja      @01A5
006F  4388741EFF                    mov     [r14+r11-1],sil
0074  4183C401                      add     r12d,1
0078  4883EB01                      sub     rbx,1
007C  0F8CBF000000                  jl      @0141
0082  453BE5                        cmp     r12d,r13d
0085  72D1                          jb      short @0058
0087  EB00                          jmp     short @0089
0089  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0093  41BC00000000                  mov     r12d,0
0099  4883EB01                      sub     rbx,1
009D  0F8CC2000000                  jl      @0165
00A3  453BE5                        cmp     r12d,r13d
00A6  7340                          jae     short @00E8
00A8  458BDC                        mov     r11d,r12d
00AB  4983C301                      add     r11,1
00AF  4D3B5F08                      cmp     r11,[r15+8]
00B3  0F87EC000000                  ja      @01A5
00B9  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
00BF  4933F1                        xor     rsi,r9
00C2  49BBB301000000010000          mov     r11,100000001B3h
00CC  490FAFF3                      imul    rsi,r11
00D0  4C8BCE                        mov     r9,rsi
00D3  4183C401                      add     r12d,1
00D7  4883EB01                      sub     rbx,1
00DB  0F8CA4000000                  jl      @0185
00E1  453BE5                        cmp     r12d,r13d
00E4  72C2                          jb      short @00A8
00E6  EB00                          jmp     short @00E8
00E8  498BC1                        mov     rax,r9
00EB  49895F10                      mov     [r15+10h],rbx
00EF  C9                            leave
00F0  C3                            ret
00F1  41837F1800                    cmp     dword ptr [r15+18h],0
00F6  0F85D3000000                  jne     @01CF
00FC  49837F6800                    cmp     qword ptr [r15+68h],0
0101  0F84BA000000                  je      @01C1
0107  49FF4F68                      dec     qword ptr [r15+68h]
010B  4881C300100000                add     rbx,1000h
0112  7CDD                          jl      short @00F1
0114  E90AFFFFFF                    jmp     @0023
0119  41837F1800                    cmp     dword ptr [r15+18h],0
011E  0F85AB000000                  jne     @01CF
0124  49837F6800                    cmp     qword ptr [r15+68h],0
0129  0F8492000000                  je      @01C1
012F  49FF4F68                      dec     qword ptr [r15+68h]
0133  4881C300100000                add     rbx,1000h
013A  7CDD                          jl      short @0119
013C  E912FFFFFF                    jmp     @0053
0141  41837F1800                    cmp     dword ptr [r15+18h],0
0146  0F8583000000                  jne     @01CF
014C  49837F6800                    cmp     qword ptr [r15+68h],0
0151  746E                          je      short @01C1
0153  49FF4F68                      dec     qword ptr [r15+68h]
0157  4881C300100000                add     rbx,1000h
015E  7CE1                          jl      short @0141
0160  E91DFFFFFF                    jmp     @0082
0165  41837F1800                    cmp     dword ptr [r15+18h],0
016A  7563                          jne     short @01CF
016C  49837F6800                    cmp     qword ptr [r15+68h],0
0171  744E                          je      short @01C1
0173  49FF4F68                      dec     qword ptr [r15+68h]
0177  4881C300100000                add     rbx,1000h
017E  7CE5                          jl      short @0165
0180  E91EFFFFFF                    jmp     @00A3
0185  41837F1800                    cmp     dword ptr [r15+18h],0
018A  7543                          jne     short @01CF
018C  49837F6800                    cmp     qword ptr [r15+68h],0
0191  742E                          je      short @01C1
0193  49FF4F68                      dec     qword ptr [r15+68h]
0197  4881C300100000                add     rbx,1000h
019E  7CE5                          jl      short @0185
01A0  E93CFFFFFF                    jmp     @00E1
01A5  49895F10                      mov     [r15+10h],rbx
01A9  B805010000                    mov     eax,105h
01AE  E942FEFFFF                    jmp     trap_exit
01B3  49895F10                      mov     [r15+10h],rbx
01B7  B809010000                    mov     eax,109h
01BC  E934FEFFFF                    jmp     trap_exit
01C1  49895F10                      mov     [r15+10h],rbx
01C5  B80A010000                    mov     eax,10Ah
01CA  E926FEFFFF                    jmp     trap_exit
01CF  49895F10                      mov     [r15+10h],rbx
01D3  B80B010000                    mov     eax,10Bh
01D8  E918FEFFFF                    jmp     trap_exit

