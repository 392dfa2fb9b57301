func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8283010000                  jb      @01A4
0021  4883EB01                      sub     rbx,1
0025  0F8CB7000000                  jl      @00E2
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  41BC00000000                  mov     r12d,0
0041  448B6D10                      mov     r13d,[rbp+10h]
0045  41B900000000                  mov     r9d,0
004B  41BC00000000                  mov     r12d,0
0051  4883EB01                      sub     rbx,1
0055  0F8CAF000000                  jl      @010A
005B  453BE5                        cmp     r12d,r13d
005E  7326                          jae     short @0086
0060  416BFC1F                      imul    edi,r12d,1Fh
0064  4C3BE6                        cmp     r12,rsi
0067  0F8729010000                  ja      @0196
006D  43883C26                      mov     [r14+r12],dil
0071  4183C401                      add     r12d,1
0075  4883EB01                      sub     rbx,1
0079  0F8CB3000000                  jl      @0132
007F  453BE5                        cmp     r12d,r13d
0082  72DC                          jb      short @0060
0084  EB00                          jmp     short @0086
0086  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0090  41BC00000000                  mov     r12d,0
0096  4883EB01                      sub     rbx,1
009A  0F8CB6000000                  jl      @0156
00A0  453BE5                        cmp     r12d,r13d
00A3  7334                          jae     short @00D9
00A5  4C3BE6                        cmp     r12,rsi
00A8  0F87E8000000                  ja      @0196
00AE  430FB63C26                    movzx   edi,byte ptr [r14+r12]
00B3  4C33CF                        xor     r9,rdi
00B6  49BBB301000000010000          mov     r11,100000001B3h
00C0  4D0FAFCB                      imul    r9,r11
00C4  4183C401                      add     r12d,1
00C8  4883EB01                      sub     rbx,1
00CC  0F8CA4000000                  jl      @0176
00D2  453BE5                        cmp     r12d,r13d
00D5  72CE                          jb      short @00A5
00D7  EB00                          jmp     short @00D9
00D9  498BC1                        mov     rax,r9
00DC  49895F10                      mov     [r15+10h],rbx
00E0  C9                            leave
00E1  C3                            ret
00E2  41837F1800                    cmp     dword ptr [r15+18h],0
00E7  0F85D3000000                  jne     @01C0
00ED  49837F6800                    cmp     qword ptr [r15+68h],0
00F2  0F84BA000000                  je      @01B2
00F8  49FF4F68                      dec     qword ptr [r15+68h]
00FC  4881C300100000                add     rbx,1000h
0103  7CDD                          jl      short @00E2
0105  E921FFFFFF                    jmp     @002B
010A  41837F1800                    cmp     dword ptr [r15+18h],0
010F  0F85AB000000                  jne     @01C0
0115  49837F6800                    cmp     qword ptr [r15+68h],0
011A  0F8492000000                  je      @01B2
0120  49FF4F68                      dec     qword ptr [r15+68h]
0124  4881C300100000                add     rbx,1000h
012B  7CDD                          jl      short @010A
012D  E929FFFFFF                    jmp     @005B
0132  41837F1800                    cmp     dword ptr [r15+18h],0
0137  0F8583000000                  jne     @01C0
013D  49837F6800                    cmp     qword ptr [r15+68h],0
0142  746E                          je      short @01B2
0144  49FF4F68                      dec     qword ptr [r15+68h]
0148  4881C300100000                add     rbx,1000h
014F  7CE1                          jl      short @0132
0151  E929FFFFFF                    jmp     @007F
0156  41837F1800                    cmp     dword ptr [r15+18h],0
015B  7563                          jne     short @01C0
015D  49837F6800                    cmp     qword ptr [r15+68h],0
0162  744E                          je      short @01B2
0164  49FF4F68                      dec     qword ptr [r15+68h]
0168  4881C300100000                add     rbx,1000h
016F  7CE5                          jl      short @0156
0171  E92AFFFFFF                    jmp     @00A0
0176  41837F1800                    cmp     dword ptr [r15+18h],0
017B  7543                          jne     short @01C0
017D  49837F6800                    cmp     qword ptr [r15+68h],0
0182  742E                          je      short @01B2
0184  49FF4F68                      dec     qword ptr [r15+68h]
0188  4881C300100000                add     rbx,1000h
018F  7CE5                          jl      short @0176
0191  E93CFFFFFF                    jmp     @00D2
0196  49895F10                      mov     [r15+10h],rbx
019A  B805010000                    mov     eax,105h
019F  E951FEFFFF                    jmp     trap_exit
01A4  49895F10                      mov     [r15+10h],rbx
01A8  B809010000                    mov     eax,109h
01AD  E943FEFFFF                    jmp     trap_exit
01B2  49895F10                      mov     [r15+10h],rbx
01B6  B80A010000                    mov     eax,10Ah
01BB  E935FEFFFF                    jmp     trap_exit
01C0  49895F10                      mov     [r15+10h],rbx
01C4  B80B010000                    mov     eax,10Bh
01C9  E927FEFFFF                    jmp     trap_exit

