func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8288010000                  jb      @01A9
0021  4883EB01                      sub     rbx,1
0025  0F8CBC000000                  jl      @00E7
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  41BC00000000                  mov     r12d,0
0041  448B6D10                      mov     r13d,[rbp+10h]
0045  41B900000000                  mov     r9d,0
004B  41BC00000000                  mov     r12d,0
0051  4883EB01                      sub     rbx,1
0055  0F8CB4000000                  jl      @010F
005B  453BE5                        cmp     r12d,r13d
005E  7328                          jae     short @0088
0060  418BFC                        mov     edi,r12d
0063  6BFF1F                        imul    edi,1Fh
0066  4C3BE6                        cmp     r12,rsi
0069  0F872C010000                  ja      @019B
006F  43883C26                      mov     [r14+r12],dil
0073  4183C401                      add     r12d,1
0077  4883EB01                      sub     rbx,1
007B  0F8CB6000000                  jl      @0137
0081  453BE5                        cmp     r12d,r13d
0084  72DA                          jb      short @0060
0086  EB00                          jmp     short @0088
0088  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0092  41BC00000000                  mov     r12d,0
0098  4883EB01                      sub     rbx,1
009C  0F8CB9000000                  jl      @015B
00A2  453BE5                        cmp     r12d,r13d
00A5  7337                          jae     short @00DE
00A7  4C3BE6                        cmp     r12,rsi
00AA  0F87EB000000                  ja      @019B
00B0  430FB63C26                    movzx   edi,byte ptr [r14+r12]
00B5  4933F9                        xor     rdi,r9
00B8  49BBB301000000010000          mov     r11,100000001B3h
00C2  490FAFFB                      imul    rdi,r11
00C6  4C8BCF                        mov     r9,rdi
00C9  4183C401                      add     r12d,1
00CD  4883EB01                      sub     rbx,1
00D1  0F8CA4000000                  jl      @017B
00D7  453BE5                        cmp     r12d,r13d
00DA  72CB                          jb      short @00A7
00DC  EB00                          jmp     short @00DE
00DE  498BC1                        mov     rax,r9
00E1  49895F10                      mov     [r15+10h],rbx
00E5  C9                            leave
00E6  C3                            ret
00E7  41837F1800                    cmp     dword ptr [r15+18h],0
00EC  0F85D3000000                  jne     @01C5
00F2  49837F6800                    cmp     qword ptr [r15+68h],0
00F7  0F84BA000000                  je      @01B7
00FD  49FF4F68                      dec     qword ptr [r15+68h]
0101  4881C300100000                add     rbx,1000h
0108  7CDD                          jl      short @00E7
010A  E91CFFFFFF                    jmp     @002B
010F  41837F1800                    cmp     dword ptr [r15+18h],0
0114  0F85AB000000                  jne     @01C5
011A  49837F6800                    cmp     qword ptr [r15+68h],0
011F  0F8492000000                  je      @01B7
0125  49FF4F68                      dec     qword ptr [r15+68h]
0129  4881C300100000                add     rbx,1000h
0130  7CDD                          jl      short @010F
0132  E924FFFFFF                    jmp     @005B
0137  41837F1800                    cmp     dword ptr [r15+18h],0
013C  0F8583000000                  jne     @01C5
0142  49837F6800                    cmp     qword ptr [r15+68h],0
0147  746E                          je      short @01B7
0149  49FF4F68                      dec     qword ptr [r15+68h]
014D  4881C300100000                add     rbx,1000h
0154  7CE1                          jl      short @0137
0156  E926FFFFFF                    jmp     @0081
015B  41837F1800                    cmp     dword ptr [r15+18h],0
0160  7563                          jne     short @01C5
0162  49837F6800                    cmp     qword ptr [r15+68h],0
0167  744E                          je      short @01B7
0169  49FF4F68                      dec     qword ptr [r15+68h]
016D  4881C300100000                add     rbx,1000h
0174  7CE5                          jl      short @015B
0176  E927FFFFFF                    jmp     @00A2
017B  41837F1800                    cmp     dword ptr [r15+18h],0
0180  7543                          jne     short @01C5
0182  49837F6800                    cmp     qword ptr [r15+68h],0
0187  742E                          je      short @01B7
0189  49FF4F68                      dec     qword ptr [r15+68h]
018D  4881C300100000                add     rbx,1000h
0194  7CE5                          jl      short @017B
0196  E93CFFFFFF                    jmp     @00D7
019B  49895F10                      mov     [r15+10h],rbx
019F  B805010000                    mov     eax,105h
01A4  E94CFEFFFF                    jmp     trap_exit
01A9  49895F10                      mov     [r15+10h],rbx
01AD  B809010000                    mov     eax,109h
01B2  E93EFEFFFF                    jmp     trap_exit
01B7  49895F10                      mov     [r15+10h],rbx
01BB  B80A010000                    mov     eax,10Ah
01C0  E930FEFFFF                    jmp     trap_exit
01C5  49895F10                      mov     [r15+10h],rbx
01C9  B80B010000                    mov     eax,10Bh
01CE  E922FEFFFF                    jmp     trap_exit

