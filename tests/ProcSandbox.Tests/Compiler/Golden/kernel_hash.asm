func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F82DE010000                  jb      @01FF
0021  4883EB01                      sub     rbx,1
0025  0F8C12010000                  jl      @013D
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  41BC00000000                  mov     r12d,0
0041  448B6D10                      mov     r13d,[rbp+10h]
0045  41B900000000                  mov     r9d,0
004B  41BC00000000                  mov     r12d,0
0051  4883EB01                      sub     rbx,1
0055  0F8C0A010000                  jl      @0165
005B  453BE5                        cmp     r12d,r13d
005E  7346                          jae     short @00A6
0060  EB1E                          jmp     short @0080
0062  90                            nop
0063  90                            nop
0064  90                            nop
0065  90                            nop
0066  90                            nop
0067  90                            nop
0068  90                            nop
0069  90                            nop
006A  90                            nop
006B  90                            nop
006C  90                            nop
006D  90                            nop
006E  90                            nop
006F  90                            nop
0070  90                            nop
0071  90                            nop
0072  90                            nop
0073  90                            nop
0074  90                            nop
0075  90                            nop
0076  90                            nop
0077  90                            nop
0078  90                            nop
0079  90                            nop
007A  90                            nop
007B  90                            nop
007C  90                            nop
007D  90                            nop
007E  90                            nop
007F  90                            nop
0080  416BFC1F                      imul    edi,r12d,1Fh
0084  4C3BE6                        cmp     r12,rsi
0087  0F8764010000                  ja      @01F1
008D  43883C26                      mov     [r14+r12],dil
0091  4183C401                      add     r12d,1
0095  4883EB01                      sub     rbx,1
0099  0F8CEE000000                  jl      @018D
009F  453BE5                        cmp     r12d,r13d
00A2  72DC                          jb      short @0080
00A4  EB00                          jmp     short @00A6
00A6  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
00B0  41BC00000000                  mov     r12d,0
00B6  4883EB01                      sub     rbx,1
00BA  0F8CF1000000                  jl      @01B1
00C0  453BE5                        cmp     r12d,r13d
00C3  736F                          jae     short @0134
00C5  EB39                          jmp     short @0100
00C7  90                            nop
00C8  90                            nop
00C9  90                            nop
00CA  90                            nop
00CB  90                            nop
00CC  90                            nop
00CD  90                            nop
00CE  90                            nop
00CF  90                            nop
00D0  90                            nop
00D1  90                            nop
00D2  90                            nop
00D3  90                            nop
00D4  90                            nop
00D5  90                            nop
00D6  90                            nop
00D7  90                            nop
00D8  90                            nop
00D9  90                            nop
00DA  90                            nop
00DB  90                            nop
00DC  90                            nop
00DD  90                            nop
00DE  90                            nop
00DF  90                            nop
00E0  90                            nop
00E1  90                            nop
00E2  90                            nop
00E3  90                            nop
00E4  90                            nop
00E5  90                            nop
00E6  90                            nop
00E7  90                            nop
00E8  90                            nop
00E9  90                            nop
00EA  90                            nop
00EB  90                            nop
00EC  90                            nop
00ED  90                            nop
00EE  90                            nop
00EF  90                            nop
00F0  90                            nop
00F1  90                            nop
00F2  90                            nop
00F3  90                            nop
00F4  90                            nop
00F5  90                            nop
00F6  90                            nop
00F7  90                            nop
00F8  90                            nop
00F9  90                            nop
00FA  90                            nop
00FB  90                            nop
00FC  90                            nop
00FD  90                            nop
00FE  90                            nop
00FF  90                            nop
0100  4C3BE6                        cmp     r12,rsi
0103  0F87E8000000                  ja      @01F1
0109  430FB63C26                    movzx   edi,byte ptr [r14+r12]
010E  4C33CF                        xor     r9,rdi
0111  49BBB301000000010000          mov     r11,100000001B3h
011B  4D0FAFCB                      imul    r9,r11
011F  4183C401                      add     r12d,1
0123  4883EB01                      sub     rbx,1
0127  0F8CA4000000                  jl      @01D1
012D  453BE5                        cmp     r12d,r13d
0130  72CE                          jb      short @0100
0132  EB00                          jmp     short @0134
0134  498BC1                        mov     rax,r9
0137  49895F10                      mov     [r15+10h],rbx
013B  C9                            leave
013C  C3                            ret
013D  41837F1800                    cmp     dword ptr [r15+18h],0
0142  0F85D3000000                  jne     @021B
0148  49837F6800                    cmp     qword ptr [r15+68h],0
014D  0F84BA000000                  je      @020D
0153  49FF4F68                      dec     qword ptr [r15+68h]
0157  4881C300100000                add     rbx,1000h
015E  7CDD                          jl      short @013D
0160  E9C6FEFFFF                    jmp     @002B
0165  41837F1800                    cmp     dword ptr [r15+18h],0
016A  0F85AB000000                  jne     @021B
0170  49837F6800                    cmp     qword ptr [r15+68h],0
0175  0F8492000000                  je      @020D
017B  49FF4F68                      dec     qword ptr [r15+68h]
017F  4881C300100000                add     rbx,1000h
0186  7CDD                          jl      short @0165
0188  E9CEFEFFFF                    jmp     @005B
018D  41837F1800                    cmp     dword ptr [r15+18h],0
0192  0F8583000000                  jne     @021B
0198  49837F6800                    cmp     qword ptr [r15+68h],0
019D  746E                          je      short @020D
019F  49FF4F68                      dec     qword ptr [r15+68h]
01A3  4881C300100000                add     rbx,1000h
01AA  7CE1                          jl      short @018D
01AC  E9EEFEFFFF                    jmp     @009F
01B1  41837F1800                    cmp     dword ptr [r15+18h],0
01B6  7563                          jne     short @021B
01B8  49837F6800                    cmp     qword ptr [r15+68h],0
01BD  744E                          je      short @020D
01BF  49FF4F68                      dec     qword ptr [r15+68h]
01C3  4881C300100000                add     rbx,1000h
01CA  7CE5                          jl      short @01B1
01CC  E9EFFEFFFF                    jmp     @00C0
01D1  41837F1800                    cmp     dword ptr [r15+18h],0
01D6  7543                          jne     short @021B
01D8  49837F6800                    cmp     qword ptr [r15+68h],0
01DD  742E                          je      short @020D
01DF  49FF4F68                      dec     qword ptr [r15+68h]
01E3  4881C300100000                add     rbx,1000h
01EA  7CE5                          jl      short @01D1
01EC  E93CFFFFFF                    jmp     @012D
01F1  49895F10                      mov     [r15+10h],rbx
01F5  B805010000                    mov     eax,105h
01FA  E9BCFDFFFF                    jmp     trap_exit
01FF  49895F10                      mov     [r15+10h],rbx
0203  B809010000                    mov     eax,109h
0208  E9AEFDFFFF                    jmp     trap_exit
020D  49895F10                      mov     [r15+10h],rbx
0211  B80A010000                    mov     eax,10Ah
0216  E9A0FDFFFF                    jmp     trap_exit
021B  49895F10                      mov     [r15+10h],rbx
021F  B80B010000                    mov     eax,10Bh
0224  E992FDFFFF                    jmp     trap_exit

