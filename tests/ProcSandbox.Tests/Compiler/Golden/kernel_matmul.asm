func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE08                      sub     rsi,8
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F824E040000                  jb      @046F
0021  4883EB01                      sub     rbx,1
0025  0F8C80020000                  jl      @02AB
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
009A  8BCF                          mov     ecx,edi
009C  6BC902                        imul    ecx,2
009F  48894DC8                      mov     [rbp-38h],rcx
00A3  41B800000000                  mov     r8d,0
00A9  4883EB01                      sub     rbx,1
00AD  0F8C20020000                  jl      @02D3
00B3  418BCD                        mov     ecx,r13d
00B6  410FAFCD                      imul    ecx,r13d
00BA  443BC1                        cmp     r8d,ecx
00BD  0F8398000000                  jae     @015B
00C3  418BC8                        mov     ecx,r8d
00C6  C1E103                        shl     ecx,3
00C9  48894DB0                      mov     [rbp-50h],rcx
00CD  B907000000                    mov     ecx,7
00D2  418BC0                        mov     eax,r8d
00D5  85C9                          test    ecx,ecx
00D7  0F8476030000                  je      @0453
00DD  31D2                          xor     edx,edx
00DF  F7F1                          div     ecx
00E1  0F57C0                        xorps   xmm0,xmm0
00E4  8BD2                          mov     edx,edx
00E6  F2480F2AC2                    cvtsi2sd xmm0,rdx
00EB  448B5DB0                      mov     r11d,[rbp-50h]
00EF  4C3BDE                        cmp     r11,rsi
00F2  0F8769030000                  ja      @0461
00F8  F2430F11041E                  movsd   [r14+r11],xmm0
00FE  418BC8                        mov     ecx,r8d
0101  C1E103                        shl     ecx,3
0104  03CF                          add     ecx,edi
0106  48894DB0                      mov     [rbp-50h],rcx
010A  B905000000                    mov     ecx,5
010F  418BC0                        mov     eax,r8d
0112  85C9                          test    ecx,ecx
0114  0F8439030000                  je      @0453
011A  31D2                          xor     edx,edx
011C  F7F1                          div     ecx
011E  0F57C0                        xorps   xmm0,xmm0
0121  8BD2                          mov     edx,edx
0123  F2480F2AC2                    cvtsi2sd xmm0,rdx
0128  448B5DB0                      mov     r11d,[rbp-50h]
012C  4C3BDE                        cmp     r11,rsi
012F  0F872C030000                  ja      @0461
0135  F2430F11041E                  movsd   [r14+r11],xmm0
013B  4183C001                      add     r8d,1
013F  4883EB01                      sub     rbx,1
0143  0F8CB2010000                  jl      @02FB
0149  418BCD                        mov     ecx,r13d
014C  410FAFCD                      imul    ecx,r13d
0150  443BC1                        cmp     r8d,ecx
0153  0F826AFFFFFF                  jb      @00C3
0159  EB00                          jmp     short @015B
015B  41B800000000                  mov     r8d,0
0161  4883EB01                      sub     rbx,1
0165  0F8CB8010000                  jl      @0323
016B  453BC5                        cmp     r8d,r13d
016E  0F83DF000000                  jae     @0253
0174  41B900000000                  mov     r9d,0
017A  4883EB01                      sub     rbx,1
017E  0F8CC7010000                  jl      @034B
0184  453BCD                        cmp     r9d,r13d
0187  0F83AD000000                  jae     @023A
018D  450F57F6                      xorps   xmm14,xmm14
0191  41BC00000000                  mov     r12d,0
0197  4883EB01                      sub     rbx,1
019B  0F8CD2010000                  jl      @0373
01A1  453BE5                        cmp     r12d,r13d
01A4  7358                          jae     short @01FE
01A6  418BC8                        mov     ecx,r8d
01A9  410FAFCD                      imul    ecx,r13d
01AD  4103CC                        add     ecx,r12d
01B0  C1E103                        shl     ecx,3
01B3  483BCE                        cmp     rcx,rsi
01B6  0F87A5020000                  ja      @0461
01BC  F2410F10040E                  movsd   xmm0,[r14+rcx]
01C2  418BCC                        mov     ecx,r12d
01C5  410FAFCD                      imul    ecx,r13d
01C9  4103C9                        add     ecx,r9d
01CC  C1E103                        shl     ecx,3
01CF  03CF                          add     ecx,edi
01D1  483BCE                        cmp     rcx,rsi
01D4  0F8787020000                  ja      @0461
01DA  F2410F100C0E                  movsd   xmm1,[r14+rcx]
01E0  F20F59C1                      mulsd   xmm0,xmm1
01E4  F2440F58F0                    addsd   xmm14,xmm0
01E9  4183C401                      add     r12d,1
01ED  4883EB01                      sub     rbx,1
01F1  0F8CA4010000                  jl      @039B
01F7  453BE5                        cmp     r12d,r13d
01FA  72AA                          jb      short @01A6
01FC  EB00                          jmp     short @01FE
01FE  418BC8                        mov     ecx,r8d
0201  410FAFCD                      imul    ecx,r13d
0205  4103C9                        add     ecx,r9d
0208  C1E103                        shl     ecx,3
020B  034DC8                        add     ecx,[rbp-38h]
020E  410F28C6                      movaps  xmm0,xmm14
0212  483BCE                        cmp     rcx,rsi
0215  0F8746020000                  ja      @0461
021B  F2410F11040E                  movsd   [r14+rcx],xmm0
0221  4183C101                      add     r9d,1
0225  4883EB01                      sub     rbx,1
0229  0F8C94010000                  jl      @03C3
022F  453BCD                        cmp     r9d,r13d
0232  0F8255FFFFFF                  jb      @018D
0238  EB00                          jmp     short @023A
023A  4183C001                      add     r8d,1
023E  4883EB01                      sub     rbx,1
0242  0F8CA3010000                  jl      @03EB
0248  453BC5                        cmp     r8d,r13d
024B  0F8223FFFFFF                  jb      @0174
0251  EB00                          jmp     short @0253
0253  41B800000000                  mov     r8d,0
0259  4883EB01                      sub     rbx,1
025D  0F8CB0010000                  jl      @0413
0263  453BC5                        cmp     r8d,r13d
0266  7339                          jae     short @02A1
0268  418BC8                        mov     ecx,r8d
026B  410FAFCD                      imul    ecx,r13d
026F  4103C8                        add     ecx,r8d
0272  C1E103                        shl     ecx,3
0275  034DC8                        add     ecx,[rbp-38h]
0278  483BCE                        cmp     rcx,rsi
027B  0F87E0010000                  ja      @0461
0281  F2410F10040E                  movsd   xmm0,[r14+rcx]
0287  F2440F58E8                    addsd   xmm13,xmm0
028C  4183C001                      add     r8d,1
0290  4883EB01                      sub     rbx,1
0294  0F8C99010000                  jl      @0433
029A  453BC5                        cmp     r8d,r13d
029D  72C9                          jb      short @0268
029F  EB00                          jmp     short @02A1
02A1  410F28C5                      movaps  xmm0,xmm13
02A5  49895F10                      mov     [r15+10h],rbx
02A9  C9                            leave
02AA  C3                            ret
02AB  41837F1800                    cmp     dword ptr [r15+18h],0
02B0  0F85D5010000                  jne     @048B
02B6  49837F6800                    cmp     qword ptr [r15+68h],0
02BB  0F84BC010000                  je      @047D
02C1  49FF4F68                      dec     qword ptr [r15+68h]
02C5  4881C300100000                add     rbx,1000h
02CC  7CDD                          jl      short @02AB
02CE  E958FDFFFF                    jmp     @002B
02D3  41837F1800                    cmp     dword ptr [r15+18h],0
02D8  0F85AD010000                  jne     @048B
02DE  49837F6800                    cmp     qword ptr [r15+68h],0
02E3  0F8494010000                  je      @047D
02E9  49FF4F68                      dec     qword ptr [r15+68h]
02ED  4881C300100000                add     rbx,1000h
02F4  7CDD                          jl      short @02D3
02F6  E9B8FDFFFF                    jmp     @00B3
02FB  41837F1800                    cmp     dword ptr [r15+18h],0
0300  0F8585010000                  jne     @048B
0306  49837F6800                    cmp     qword ptr [r15+68h],0
030B  0F846C010000                  je      @047D
0311  49FF4F68                      dec     qword ptr [r15+68h]
0315  4881C300100000                add     rbx,1000h
031C  7CDD                          jl      short @02FB
031E  E926FEFFFF                    jmp     @0149
0323  41837F1800                    cmp     dword ptr [r15+18h],0
0328  0F855D010000                  jne     @048B
032E  49837F6800                    cmp     qword ptr [r15+68h],0
0333  0F8444010000                  je      @047D
0339  49FF4F68                      dec     qword ptr [r15+68h]
033D  4881C300100000                add     rbx,1000h
0344  7CDD                          jl      short @0323
0346  E920FEFFFF                    jmp     @016B
034B  41837F1800                    cmp     dword ptr [r15+18h],0
0350  0F8535010000                  jne     @048B
0356  49837F6800                    cmp     qword ptr [r15+68h],0
035B  0F841C010000                  je      @047D
0361  49FF4F68                      dec     qword ptr [r15+68h]
0365  4881C300100000                add     rbx,1000h
036C  7CDD                          jl      short @034B
036E  E911FEFFFF                    jmp     @0184
0373  41837F1800                    cmp     dword ptr [r15+18h],0
0378  0F850D010000                  jne     @048B
037E  49837F6800                    cmp     qword ptr [r15+68h],0
0383  0F84F4000000                  je      @047D
0389  49FF4F68                      dec     qword ptr [r15+68h]
038D  4881C300100000                add     rbx,1000h
0394  7CDD                          jl      short @0373
0396  E906FEFFFF                    jmp     @01A1
039B  41837F1800                    cmp     dword ptr [r15+18h],0
03A0  0F85E5000000                  jne     @048B
03A6  49837F6800                    cmp     qword ptr [r15+68h],0
03AB  0F84CC000000                  je      @047D
03B1  49FF4F68                      dec     qword ptr [r15+68h]
03B5  4881C300100000                add     rbx,1000h
03BC  7CDD                          jl      short @039B
03BE  E934FEFFFF                    jmp     @01F7
03C3  41837F1800                    cmp     dword ptr [r15+18h],0
03C8  0F85BD000000                  jne     @048B
03CE  49837F6800                    cmp     qword ptr [r15+68h],0
03D3  0F84A4000000                  je      @047D
03D9  49FF4F68                      dec     qword ptr [r15+68h]
03DD  4881C300100000                add     rbx,1000h
03E4  7CDD                          jl      short @03C3
03E6  E944FEFFFF                    jmp     @022F
03EB  41837F1800                    cmp     dword ptr [r15+18h],0
03F0  0F8595000000                  jne     @048B
03F6  49837F6800                    cmp     qword ptr [r15+68h],0
03FB  0F847C000000                  je      @047D
0401  49FF4F68                      dec     qword ptr [r15+68h]
0405  4881C300100000                add     rbx,1000h
040C  7CDD                          jl      short @03EB
040E  E935FEFFFF                    jmp     @0248
0413  41837F1800                    cmp     dword ptr [r15+18h],0
0418  7571                          jne     short @048B
041A  49837F6800                    cmp     qword ptr [r15+68h],0
041F  745C                          je      short @047D
0421  49FF4F68                      dec     qword ptr [r15+68h]
0425  4881C300100000                add     rbx,1000h
042C  7CE5                          jl      short @0413
042E  E930FEFFFF                    jmp     @0263
0433  41837F1800                    cmp     dword ptr [r15+18h],0
0438  7551                          jne     short @048B
043A  49837F6800                    cmp     qword ptr [r15+68h],0
043F  743C                          je      short @047D
0441  49FF4F68                      dec     qword ptr [r15+68h]
0445  4881C300100000                add     rbx,1000h
044C  7CE5                          jl      short @0433
044E  E947FEFFFF                    jmp     @029A
0453  49895F10                      mov     [r15+10h],rbx
0457  B802010000                    mov     eax,102h
045C  E994FBFFFF                    jmp     trap_exit
0461  49895F10                      mov     [r15+10h],rbx
0465  B805010000                    mov     eax,105h
046A  E986FBFFFF                    jmp     trap_exit
046F  49895F10                      mov     [r15+10h],rbx
0473  B809010000                    mov     eax,109h
0478  E978FBFFFF                    jmp     trap_exit
047D  49895F10                      mov     [r15+10h],rbx
0481  B80A010000                    mov     eax,10Ah
0486  E96AFBFFFF                    jmp     trap_exit
048B  49895F10                      mov     [r15+10h],rbx
048F  B80B010000                    mov     eax,10Bh
0494  E95CFBFFFF                    jmp     trap_exit

