func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  493B6720                      cmp     rsp,[r15+20h]
0017  0F8298010000                  jb      @01B5
001D  4883EB01                      sub     rbx,1
0021  0F8CCC000000                  jl      @00F3
0027  48C745F800000000              mov     qword ptr [rbp-8],0
002F  48C745F000000000              mov     qword ptr [rbp-10h],0
0037  41BC00000000                  mov     r12d,0
003D  448B6D10                      mov     r13d,[rbp+10h]
0041  41B900000000                  mov     r9d,0
0047  41BC00000000                  mov     r12d,0
004D  4883EB01                      sub     rbx,1
0051  0F8CC4000000                  jl      @011B
0057  453BE5                        cmp     r12d,r13d
005A  7330                          jae     short @008C
005C  418BFC                        mov     edi,r12d
005F  6BFF1F                        imul    edi,1Fh
0062  458BDC                        mov     r11d,r12d
0065  4983C301                      add     r11,1
0069  4C3BDE                        cmp     r11,rsi
006C  0F8735010000                  ja      @01A7
0072  43887C1EFF                    mov     [r14+r11-1],dil
0077  4183C401                      add     r12d,1
007B  4883EB01                      sub     rbx,1
007F  0F8CBE000000                  jl      @0143
0085  453BE5                        cmp     r12d,r13d
0088  72D2                          jb      short @005C
008A  EB00                          jmp     short @008C
008C  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0096  41BC00000000                  mov     r12d,0
009C  4883EB01                      sub     rbx,1
00A0  0F8CC1000000                  jl      @0167
00A6  453BE5                        cmp     r12d,r13d
00A9  733F                          jae     short @00EA
00AB  458BDC                        mov     r11d,r12d
00AE  4983C301                      add     r11,1
00B2  4C3BDE                        cmp     r11,rsi
00B5  0F87EC000000                  ja      @01A7
00BB  430FB67C1EFF                  movzx   edi,byte ptr [r14+r11-1]
00C1  4933F9                        xor     rdi,r9
00C4  49BBB301000000010000          mov     r11,100000001B3h
00CE  490FAFFB                      imul    rdi,r11
00D2  4C8BCF                        mov     r9,rdi
00D5  4183C401                      add     r12d,1
00D9  4883EB01                      sub     rbx,1
00DD  0F8CA4000000                  jl      @0187
00E3  453BE5                        cmp     r12d,r13d
00E6  72C3                          jb      short @00AB
00E8  EB00                          jmp     short @00EA
00EA  498BC1                        mov     rax,r9
00ED  49895F10                      mov     [r15+10h],rbx
00F1  C9                            leave
00F2  C3                            ret
00F3  41837F1800                    cmp     dword ptr [r15+18h],0
00F8  0F85D3000000                  jne     @01D1
00FE  49837F6800                    cmp     qword ptr [r15+68h],0
0103  0F84BA000000                  je      @01C3
0109  49FF4F68                      dec     qword ptr [r15+68h]
010D  4881C300100000                add     rbx,1000h
0114  7CDD                          jl      short @00F3
0116  E90CFFFFFF                    jmp     @0027
011B  41837F1800                    cmp     dword ptr [r15+18h],0
0120  0F85AB000000                  jne     @01D1
0126  49837F6800                    cmp     qword ptr [r15+68h],0
012B  0F8492000000                  je      @01C3
0131  49FF4F68                      dec     qword ptr [r15+68h]
0135  4881C300100000                add     rbx,1000h
013C  7CDD                          jl      short @011B
013E  E914FFFFFF                    jmp     @0057
0143  41837F1800                    cmp     dword ptr [r15+18h],0
0148  0F8583000000                  jne     @01D1
014E  49837F6800                    cmp     qword ptr [r15+68h],0
0153  746E                          je      short @01C3
0155  49FF4F68                      dec     qword ptr [r15+68h]
0159  4881C300100000                add     rbx,1000h
0160  7CE1                          jl      short @0143
0162  E91EFFFFFF                    jmp     @0085
0167  41837F1800                    cmp     dword ptr [r15+18h],0
016C  7563                          jne     short @01D1
016E  49837F6800                    cmp     qword ptr [r15+68h],0
0173  744E                          je      short @01C3
0175  49FF4F68                      dec     qword ptr [r15+68h]
0179  4881C300100000                add     rbx,1000h
0180  7CE5                          jl      short @0167
0182  E91FFFFFFF                    jmp     @00A6
0187  41837F1800                    cmp     dword ptr [r15+18h],0
018C  7543                          jne     short @01D1
018E  49837F6800                    cmp     qword ptr [r15+68h],0
0193  742E                          je      short @01C3
0195  49FF4F68                      dec     qword ptr [r15+68h]
0199  4881C300100000                add     rbx,1000h
01A0  7CE5                          jl      short @0187
01A2  E93CFFFFFF                    jmp     @00E3
01A7  49895F10                      mov     [r15+10h],rbx
01AB  B805010000                    mov     eax,105h
01B0  E940FEFFFF                    jmp     trap_exit
01B5  49895F10                      mov     [r15+10h],rbx
01B9  B809010000                    mov     eax,109h
01BE  E932FEFFFF                    jmp     trap_exit
01C3  49895F10                      mov     [r15+10h],rbx
01C7  B80A010000                    mov     eax,10Ah
01CC  E924FEFFFF                    jmp     trap_exit
01D1  49895F10                      mov     [r15+10h],rbx
01D5  B80B010000                    mov     eax,10Bh
01DA  E916FEFFFF                    jmp     trap_exit

