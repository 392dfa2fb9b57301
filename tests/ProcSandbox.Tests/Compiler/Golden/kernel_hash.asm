func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F828E010000                  jb      @01AF
0021  4883EB01                      sub     rbx,1
0025  0F8CC2000000                  jl      @00ED
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  41BC00000000                  mov     r12d,0
0041  448B6D10                      mov     r13d,[rbp+10h]
0045  41B900000000                  mov     r9d,0
004B  41BC00000000                  mov     r12d,0
0051  4883EB01                      sub     rbx,1
0055  0F8CBA000000                  jl      @0115
005B  453BE5                        cmp     r12d,r13d
005E  732B                          jae     short @008B
0060  418BFC                        mov     edi,r12d
0063  6BFF1F                        imul    edi,1Fh
0066  458BDC                        mov     r11d,r12d
0069  4C3BDE                        cmp     r11,rsi
006C  0F872F010000                  ja      @01A1
0072  43883C1E                      mov     [r14+r11],dil
0076  4183C401                      add     r12d,1
007A  4883EB01                      sub     rbx,1
007E  0F8CB9000000                  jl      @013D
0084  453BE5                        cmp     r12d,r13d
0087  72D7                          jb      short @0060
0089  EB00                          jmp     short @008B
008B  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0095  41BC00000000                  mov     r12d,0
009B  4883EB01                      sub     rbx,1
009F  0F8CBC000000                  jl      @0161
00A5  453BE5                        cmp     r12d,r13d
00A8  733A                          jae     short @00E4
00AA  458BDC                        mov     r11d,r12d
00AD  4C3BDE                        cmp     r11,rsi
00B0  0F87EB000000                  ja      @01A1
00B6  430FB63C1E                    movzx   edi,byte ptr [r14+r11]
00BB  4933F9                        xor     rdi,r9
00BE  49BBB301000000010000          mov     r11,100000001B3h
00C8  490FAFFB                      imul    rdi,r11
00CC  4C8BCF                        mov     r9,rdi
00CF  4183C401                      add     r12d,1
00D3  4883EB01                      sub     rbx,1
00D7  0F8CA4000000                  jl      @0181
00DD  453BE5                        cmp     r12d,r13d
00E0  72C8                          jb      short @00AA
00E2  EB00                          jmp     short @00E4
00E4  498BC1                        mov     rax,r9
00E7  49895F10                      mov     [r15+10h],rbx
00EB  C9                            leave
00EC  C3                            ret
00ED  41837F1800                    cmp     dword ptr [r15+18h],0
00F2  0F85D3000000                  jne     @01CB
00F8  49837F6800                    cmp     qword ptr [r15+68h],0
00FD  0F84BA000000                  je      @01BD
0103  49FF4F68                      dec     qword ptr [r15+68h]
0107  4881C300100000                add     rbx,1000h
010E  7CDD                          jl      short @00ED
0110  E916FFFFFF                    jmp     @002B
0115  41837F1800                    cmp     dword ptr [r15+18h],0
011A  0F85AB000000                  jne     @01CB
0120  49837F6800                    cmp     qword ptr [r15+68h],0
0125  0F8492000000                  je      @01BD
012B  49FF4F68                      dec     qword ptr [r15+68h]
012F  4881C300100000                add     rbx,1000h
0136  7CDD                          jl      short @0115
0138  E91EFFFFFF                    jmp     @005B
013D  41837F1800                    cmp     dword ptr [r15+18h],0
0142  0F8583000000                  jne     @01CB
0148  49837F6800                    cmp     qword ptr [r15+68h],0
014D  746E                          je      short @01BD
014F  49FF4F68                      dec     qword ptr [r15+68h]
0153  4881C300100000                add     rbx,1000h
015A  7CE1                          jl      short @013D
015C  E923FFFFFF                    jmp     @0084
0161  41837F1800                    cmp     dword ptr [r15+18h],0
0166  7563                          jne     short @01CB
0168  49837F6800                    cmp     qword ptr [r15+68h],0
016D  744E                          je      short @01BD
016F  49FF4F68                      dec     qword ptr [r15+68h]
0173  4881C300100000                add     rbx,1000h
017A  7CE5                          jl      short @0161
017C  E924FFFFFF                    jmp     @00A5
0181  41837F1800                    cmp     dword ptr [r15+18h],0
0186  7543                          jne     short @01CB
0188  49837F6800                    cmp     qword ptr [r15+68h],0
018D  742E                          je      short @01BD
018F  49FF4F68                      dec     qword ptr [r15+68h]
0193  4881C300100000                add     rbx,1000h
019A  7CE5                          jl      short @0181
019C  E93CFFFFFF                    jmp     @00DD
01A1  49895F10                      mov     [r15+10h],rbx
01A5  B805010000                    mov     eax,105h
01AA  E946FEFFFF                    jmp     trap_exit
01AF  49895F10                      mov     [r15+10h],rbx
01B3  B809010000                    mov     eax,109h
01B8  E938FEFFFF                    jmp     trap_exit
01BD  49895F10                      mov     [r15+10h],rbx
01C1  B80A010000                    mov     eax,10Ah
01C6  E92AFEFFFF                    jmp     trap_exit
01CB  49895F10                      mov     [r15+10h],rbx
01CF  B80B010000                    mov     eax,10Bh
01D4  E91CFEFFFF                    jmp     trap_exit

