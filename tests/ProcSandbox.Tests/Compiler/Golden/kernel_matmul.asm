func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE08                      sub     rsi,8
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8248040000                  jb      @0469
0021  4883EB01                      sub     rbx,1
0025  0F8C7A020000                  jl      @02A5
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  48C745E800000000              mov     qword ptr [rbp-18h],0
0043  48C745E000000000              mov     qword ptr [rbp-20h],0
004B  48C745D800000000              mov     qword ptr [rbp-28h],0
0053  48C745D000000000              mov     qword ptr [rbp-30h],0
005B  48C745C800000000              mov     qword ptr [rbp-38h],0
0063  48C745C000000000              mov     qword ptr [rbp-40h],0
006B  41BC00000000                  mov     r12d,0
0071  448B6D10                      mov     r13d,[rbp+10h]
0075  41B900000000                  mov     r9d,0
007B  41B800000000                  mov     r8d,0
0081  BF00000000                    mov     edi,0
0086  450F57F6                      xorps   xmm14,xmm14
008A  450F57ED                      xorps   xmm13,xmm13
008E  418BCD                        mov     ecx,r13d
0091  410FAFCD                      imul    ecx,r13d
0095  6BC908                        imul    ecx,8
0098  8BF9                          mov     edi,ecx
009A  6BCF02                        imul    ecx,edi,2
009D  48894DC8                      mov     [rbp-38h],rcx
00A1  41B800000000                  mov     r8d,0
00A7  4883EB01                      sub     rbx,1
00AB  0F8C1C020000                  jl      @02CD
00B1  418BCD                        mov     ecx,r13d
00B4  410FAFCD                      imul    ecx,r13d
00B8  443BC1                        cmp     r8d,ecx
00BB  0F8398000000                  jae     @0159
00C1  418BC8                        mov     ecx,r8d
00C4  C1E103                        shl     ecx,3
00C7  48894DB0                      mov     [rbp-50h],rcx
00CB  B907000000                    mov     ecx,7
00D0  418BC0                        mov     eax,r8d
00D3  85C9                          test    ecx,ecx
00D5  0F8472030000                  je      @044D
00DB  31D2                          xor     edx,edx
00DD  F7F1                          div     ecx
00DF  0F57C0                        xorps   xmm0,xmm0
00E2  8BD2                          mov     edx,edx
00E4  F2480F2AC2                    cvtsi2sd xmm0,rdx
00E9  448B5DB0                      mov     r11d,[rbp-50h]
00ED  4C3BDE                        cmp     r11,rsi
00F0  0F8765030000                  ja      @045B
00F6  F2430F11041E                  movsd   [r14+r11],xmm0
00FC  418BC8                        mov     ecx,r8d
00FF  C1E103                        shl     ecx,3
0102  03CF                          add     ecx,edi
0104  48894DB0                      mov     [rbp-50h],rcx
0108  B905000000                    mov     ecx,5
010D  418BC0                        mov     eax,r8d
0110  85C9                          test    ecx,ecx
0112  0F8435030000                  je      @044D
0118  31D2                          xor     edx,edx
011A  F7F1                          div     ecx
011C  0F57C0                        xorps   xmm0,xmm0
011F  8BD2                          mov     edx,edx
0121  F2480F2AC2                    cvtsi2sd xmm0,rdx
0126  448B5DB0                      mov     r11d,[rbp-50h]
012A  4C3BDE                        cmp     r11,rsi
012D  0F8728030000                  ja      @045B
0133  F2430F11041E                  movsd   [r14+r11],xmm0
0139  4183C001                      add     r8d,1
013D  4883EB01                      sub     rbx,1
0141  0F8CAE010000                  jl      @02F5
0147  418BCD                        mov     ecx,r13d
014A  410FAFCD                      imul    ecx,r13d
014E  443BC1                        cmp     r8d,ecx
0151  0F826AFFFFFF                  jb      @00C1
0157  EB00                          jmp     short @0159
0159  41B800000000                  mov     r8d,0
015F  4883EB01                      sub     rbx,1
0163  0F8CB4010000                  jl      @031D
0169  453BC5                        cmp     r8d,r13d
016C  0F83DB000000                  jae     @024D
0172  41B900000000                  mov     r9d,0
0178  4883EB01                      sub     rbx,1
017C  0F8CC3010000                  jl      @0345
0182  453BCD                        cmp     r9d,r13d
0185  0F83A9000000                  jae     @0234
018B  450F57F6                      xorps   xmm14,xmm14
018F  41BC00000000                  mov     r12d,0
0195  4883EB01                      sub     rbx,1
0199  0F8CCE010000                  jl      @036D
019F  453BE5                        cmp     r12d,r13d
01A2  7354                          jae     short @01F8
01A4  418BC8                        mov     ecx,r8d
01A7  410FAFCD                      imul    ecx,r13d
01AB  4103CC                        add     ecx,r12d
01AE  C1E103                        shl     ecx,3
01B1  483BCE                        cmp     rcx,rsi
01B4  0F87A1020000                  ja      @045B
01BA  F2410F10040E                  movsd   xmm0,[r14+rcx]
01C0  418BCC                        mov     ecx,r12d
01C3  410FAFCD                      imul    ecx,r13d
01C7  4103C9                        add     ecx,r9d
01CA  C1E103                        shl     ecx,3
01CD  03CF                          add     ecx,edi
01CF  483BCE                        cmp     rcx,rsi
01D2  0F8783020000                  ja      @045B
01D8  F2410F59040E                  mulsd   xmm0,[r14+rcx]
01DE  F2440F58F0                    addsd   xmm14,xmm0
01E3  4183C401                      add     r12d,1
01E7  4883EB01                      sub     rbx,1
01EB  0F8CA4010000                  jl      @0395
01F1  453BE5                        cmp     r12d,r13d
01F4  72AE                          jb      short @01A4
01F6  EB00                          jmp     short @01F8
01F8  418BC8                        mov     ecx,r8d
01FB  410FAFCD                      imul    ecx,r13d
01FF  4103C9                        add     ecx,r9d
0202  C1E103                        shl     ecx,3
0205  034DC8                        add     ecx,[rbp-38h]
0208  410F28C6                      movaps  xmm0,xmm14
020C  483BCE                        cmp     rcx,rsi
020F  0F8746020000                  ja      @045B
0215  F2410F11040E                  movsd   [r14+rcx],xmm0
021B  4183C101                      add     r9d,1
021F  4883EB01                      sub     rbx,1
0223  0F8C94010000                  jl      @03BD
0229  453BCD                        cmp     r9d,r13d
022C  0F8259FFFFFF                  jb      @018B
0232  EB00                          jmp     short @0234
0234  4183C001                      add     r8d,1
0238  4883EB01                      sub     rbx,1
023C  0F8CA3010000                  jl      @03E5
0242  453BC5                        cmp     r8d,r13d
0245  0F8227FFFFFF                  jb      @0172
024B  EB00                          jmp     short @024D
024D  41B800000000                  mov     r8d,0
0253  4883EB01                      sub     rbx,1
0257  0F8CB0010000                  jl      @040D
025D  453BC5                        cmp     r8d,r13d
0260  7339                          jae     short @029B
0262  418BC8                        mov     ecx,r8d
0265  410FAFCD                      imul    ecx,r13d
0269  4103C8                        add     ecx,r8d
026C  C1E103                        shl     ecx,3
026F  034DC8                        add     ecx,[rbp-38h]
0272  483BCE                        cmp     rcx,rsi
0275  0F87E0010000                  ja      @045B
027B  F2410F10040E                  movsd   xmm0,[r14+rcx]
0281  F2440F58E8                    addsd   xmm13,xmm0
0286  4183C001                      add     r8d,1
028A  4883EB01                      sub     rbx,1
028E  0F8C99010000                  jl      @042D
0294  453BC5                        cmp     r8d,r13d
0297  72C9                          jb      short @0262
0299  EB00                          jmp     short @029B
029B  410F28C5                      movaps  xmm0,xmm13
029F  49895F10                      mov     [r15+10h],rbx
02A3  C9                            leave
02A4  C3                            ret
02A5  41837F1800                    cmp     dword ptr [r15+18h],0
02AA  0F85D5010000                  jne     @0485
02B0  49837F6800                    cmp     qword ptr [r15+68h],0
02B5  0F84BC010000                  je      @0477
02BB  49FF4F68                      dec     qword ptr [r15+68h]
02BF  4881C300100000                add     rbx,1000h
02C6  7CDD                          jl      short @02A5
02C8  E95EFDFFFF                    jmp     @002B
02CD  41837F1800                    cmp     dword ptr [r15+18h],0
02D2  0F85AD010000                  jne     @0485
02D8  49837F6800                    cmp     qword ptr [r15+68h],0
02DD  0F8494010000                  je      @0477
02E3  49FF4F68                      dec     qword ptr [r15+68h]
02E7  4881C300100000                add     rbx,1000h
02EE  7CDD                          jl      short @02CD
02F0  E9BCFDFFFF                    jmp     @00B1
02F5  41837F1800                    cmp     dword ptr [r15+18h],0
02FA  0F8585010000                  jne     @0485
0300  49837F6800                    cmp     qword ptr [r15+68h],0
0305  0F846C010000                  je      @0477
030B  49FF4F68                      dec     qword ptr [r15+68h]
030F  4881C300100000                add     rbx,1000h
0316  7CDD                          jl      short @02F5
0318  E92AFEFFFF                    jmp     @0147
031D  41837F1800                    cmp     dword ptr [r15+18h],0
0322  0F855D010000                  jne     @0485
0328  49837F6800                    cmp     qword ptr [r15+68h],0
032D  0F8444010000                  je      @0477
0333  49FF4F68                      dec     qword ptr [r15+68h]
0337  4881C300100000                add     rbx,1000h
033E  7CDD                          jl      short @031D
0340  E924FEFFFF                    jmp     @0169
0345  41837F1800                    cmp     dword ptr [r15+18h],0
034A  0F8535010000                  jne     @0485
0350  49837F6800                    cmp     qword ptr [r15+68h],0
0355  0F841C010000                  je      @0477
035B  49FF4F68                      dec     qword ptr [r15+68h]
035F  4881C300100000                add     rbx,1000h
0366  7CDD                          jl      short @0345
0368  E915FEFFFF                    jmp     @0182
036D  41837F1800                    cmp     dword ptr [r15+18h],0
0372  0F850D010000                  jne     @0485
0378  49837F6800                    cmp     qword ptr [r15+68h],0
037D  0F84F4000000                  je      @0477
0383  49FF4F68                      dec     qword ptr [r15+68h]
0387  4881C300100000                add     rbx,1000h
038E  7CDD                          jl      short @036D
0390  E90AFEFFFF                    jmp     @019F
0395  41837F1800                    cmp     dword ptr [r15+18h],0
039A  0F85E5000000                  jne     @0485
03A0  49837F6800                    cmp     qword ptr [r15+68h],0
03A5  0F84CC000000                  je      @0477
03AB  49FF4F68                      dec     qword ptr [r15+68h]
03AF  4881C300100000                add     rbx,1000h
03B6  7CDD                          jl      short @0395
03B8  E934FEFFFF                    jmp     @01F1
03BD  41837F1800                    cmp     dword ptr [r15+18h],0
03C2  0F85BD000000                  jne     @0485
03C8  49837F6800                    cmp     qword ptr [r15+68h],0
03CD  0F84A4000000                  je      @0477
03D3  49FF4F68                      dec     qword ptr [r15+68h]
03D7  4881C300100000                add     rbx,1000h
03DE  7CDD                          jl      short @03BD
03E0  E944FEFFFF                    jmp     @0229
03E5  41837F1800                    cmp     dword ptr [r15+18h],0
03EA  0F8595000000                  jne     @0485
03F0  49837F6800                    cmp     qword ptr [r15+68h],0
03F5  0F847C000000                  je      @0477
03FB  49FF4F68                      dec     qword ptr [r15+68h]
03FF  4881C300100000                add     rbx,1000h
0406  7CDD                          jl      short @03E5
0408  E935FEFFFF                    jmp     @0242
040D  41837F1800                    cmp     dword ptr [r15+18h],0
0412  7571                          jne     short @0485
0414  49837F6800                    cmp     qword ptr [r15+68h],0
0419  745C                          je      short @0477
041B  49FF4F68                      dec     qword ptr [r15+68h]
041F  4881C300100000                add     rbx,1000h
0426  7CE5                          jl      short @040D
0428  E930FEFFFF                    jmp     @025D
042D  41837F1800                    cmp     dword ptr [r15+18h],0
0432  7551                          jne     short @0485
0434  49837F6800                    cmp     qword ptr [r15+68h],0
0439  743C                          je      short @0477
043B  49FF4F68                      dec     qword ptr [r15+68h]
043F  4881C300100000                add     rbx,1000h
0446  7CE5                          jl      short @042D
0448  E947FEFFFF                    jmp     @0294
044D  49895F10                      mov     [r15+10h],rbx
0451  B802010000                    mov     eax,102h
0456  E99AFBFFFF                    jmp     trap_exit
045B  49895F10                      mov     [r15+10h],rbx
045F  B805010000                    mov     eax,105h
0464  E98CFBFFFF                    jmp     trap_exit
0469  49895F10                      mov     [r15+10h],rbx
046D  B809010000                    mov     eax,109h
0472  E97EFBFFFF                    jmp     trap_exit
0477  49895F10                      mov     [r15+10h],rbx
047B  B80A010000                    mov     eax,10Ah
0480  E970FBFFFF                    jmp     trap_exit
0485  49895F10                      mov     [r15+10h],rbx
0489  B80B010000                    mov     eax,10Bh
048E  E962FBFFFF                    jmp     trap_exit

