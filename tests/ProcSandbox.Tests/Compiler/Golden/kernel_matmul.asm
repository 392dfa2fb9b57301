func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE08                      sub     rsi,8
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F824A040000                  jb      @046B
0021  4883EB01                      sub     rbx,1
0025  0F8C7C020000                  jl      @02A7
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
00AD  0F8C1C020000                  jl      @02CF
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
00D7  0F8472030000                  je      @044F
00DD  31D2                          xor     edx,edx
00DF  F7F1                          div     ecx
00E1  0F57C0                        xorps   xmm0,xmm0
00E4  8BD2                          mov     edx,edx
00E6  F2480F2AC2                    cvtsi2sd xmm0,rdx
00EB  448B5DB0                      mov     r11d,[rbp-50h]
00EF  4C3BDE                        cmp     r11,rsi
00F2  0F8765030000                  ja      @045D
00F8  F2430F11041E                  movsd   [r14+r11],xmm0
00FE  418BC8                        mov     ecx,r8d
0101  C1E103                        shl     ecx,3
0104  03CF                          add     ecx,edi
0106  48894DB0                      mov     [rbp-50h],rcx
010A  B905000000                    mov     ecx,5
010F  418BC0                        mov     eax,r8d
0112  85C9                          test    ecx,ecx
0114  0F8435030000                  je      @044F
011A  31D2                          xor     edx,edx
011C  F7F1                          div     ecx
011E  0F57C0                        xorps   xmm0,xmm0
0121  8BD2                          mov     edx,edx
0123  F2480F2AC2                    cvtsi2sd xmm0,rdx
0128  448B5DB0                      mov     r11d,[rbp-50h]
012C  4C3BDE                        cmp     r11,rsi
012F  0F8728030000                  ja      @045D
0135  F2430F11041E                  movsd   [r14+r11],xmm0
013B  4183C001                      add     r8d,1
013F  4883EB01                      sub     rbx,1
0143  0F8CAE010000                  jl      @02F7
0149  418BCD                        mov     ecx,r13d
014C  410FAFCD                      imul    ecx,r13d
0150  443BC1                        cmp     r8d,ecx
0153  0F826AFFFFFF                  jb      @00C3
0159  EB00                          jmp     short @015B
015B  41B800000000                  mov     r8d,0
0161  4883EB01                      sub     rbx,1
0165  0F8CB4010000                  jl      @031F
016B  453BC5                        cmp     r8d,r13d
016E  0F83DB000000                  jae     @024F
0174  41B900000000                  mov     r9d,0
017A  4883EB01                      sub     rbx,1
017E  0F8CC3010000                  jl      @0347
0184  453BCD                        cmp     r9d,r13d
0187  0F83A9000000                  jae     @0236
018D  450F57F6                      xorps   xmm14,xmm14
0191  41BC00000000                  mov     r12d,0
0197  4883EB01                      sub     rbx,1
019B  0F8CCE010000                  jl      @036F
01A1  453BE5                        cmp     r12d,r13d
01A4  7354                          jae     short @01FA
01A6  418BC8                        mov     ecx,r8d
01A9  410FAFCD                      imul    ecx,r13d
01AD  4103CC                        add     ecx,r12d
01B0  C1E103                        shl     ecx,3
01B3  483BCE                        cmp     rcx,rsi
01B6  0F87A1020000                  ja      @045D
01BC  F2410F10040E                  movsd   xmm0,[r14+rcx]
01C2  418BCC                        mov     ecx,r12d
01C5  410FAFCD                      imul    ecx,r13d
01C9  4103C9                        add     ecx,r9d
01CC  C1E103                        shl     ecx,3
01CF  03CF                          add     ecx,edi
01D1  483BCE                        cmp     rcx,rsi
01D4  0F8783020000                  ja      @045D
01DA  F2410F59040E                  mulsd   xmm0,[r14+rcx]
01E0  F2440F58F0                    addsd   xmm14,xmm0
01E5  4183C401                      add     r12d,1
01E9  4883EB01                      sub     rbx,1
01ED  0F8CA4010000                  jl      @0397
01F3  453BE5                        cmp     r12d,r13d
01F6  72AE                          jb      short @01A6
01F8  EB00                          jmp     short @01FA
01FA  418BC8                        mov     ecx,r8d
01FD  410FAFCD                      imul    ecx,r13d
0201  4103C9                        add     ecx,r9d
0204  C1E103                        shl     ecx,3
0207  034DC8                        add     ecx,[rbp-38h]
020A  410F28C6                      movaps  xmm0,xmm14
020E  483BCE                        cmp     rcx,rsi
0211  0F8746020000                  ja      @045D
0217  F2410F11040E                  movsd   [r14+rcx],xmm0
021D  4183C101                      add     r9d,1
0221  4883EB01                      sub     rbx,1
0225  0F8C94010000                  jl      @03BF
022B  453BCD                        cmp     r9d,r13d
022E  0F8259FFFFFF                  jb      @018D
0234  EB00                          jmp     short @0236
0236  4183C001                      add     r8d,1
023A  4883EB01                      sub     rbx,1
023E  0F8CA3010000                  jl      @03E7
0244  453BC5                        cmp     r8d,r13d
0247  0F8227FFFFFF                  jb      @0174
024D  EB00                          jmp     short @024F
024F  41B800000000                  mov     r8d,0
0255  4883EB01                      sub     rbx,1
0259  0F8CB0010000                  jl      @040F
025F  453BC5                        cmp     r8d,r13d
0262  7339                          jae     short @029D
0264  418BC8                        mov     ecx,r8d
0267  410FAFCD                      imul    ecx,r13d
026B  4103C8                        add     ecx,r8d
026E  C1E103                        shl     ecx,3
0271  034DC8                        add     ecx,[rbp-38h]
0274  483BCE                        cmp     rcx,rsi
0277  0F87E0010000                  ja      @045D
027D  F2410F10040E                  movsd   xmm0,[r14+rcx]
0283  F2440F58E8                    addsd   xmm13,xmm0
0288  4183C001                      add     r8d,1
028C  4883EB01                      sub     rbx,1
0290  0F8C99010000                  jl      @042F
0296  453BC5                        cmp     r8d,r13d
0299  72C9                          jb      short @0264
029B  EB00                          jmp     short @029D
029D  410F28C5                      movaps  xmm0,xmm13
02A1  49895F10                      mov     [r15+10h],rbx
02A5  C9                            leave
02A6  C3                            ret
02A7  41837F1800                    cmp     dword ptr [r15+18h],0
02AC  0F85D5010000                  jne     @0487
02B2  49837F6800                    cmp     qword ptr [r15+68h],0
02B7  0F84BC010000                  je      @0479
02BD  49FF4F68                      dec     qword ptr [r15+68h]
02C1  4881C300100000                add     rbx,1000h
02C8  7CDD                          jl      short @02A7
02CA  E95CFDFFFF                    jmp     @002B
02CF  41837F1800                    cmp     dword ptr [r15+18h],0
02D4  0F85AD010000                  jne     @0487
02DA  49837F6800                    cmp     qword ptr [r15+68h],0
02DF  0F8494010000                  je      @0479
02E5  49FF4F68                      dec     qword ptr [r15+68h]
02E9  4881C300100000                add     rbx,1000h
02F0  7CDD                          jl      short @02CF
02F2  E9BCFDFFFF                    jmp     @00B3
02F7  41837F1800                    cmp     dword ptr [r15+18h],0
02FC  0F8585010000                  jne     @0487
0302  49837F6800                    cmp     qword ptr [r15+68h],0
0307  0F846C010000                  je      @0479
030D  49FF4F68                      dec     qword ptr [r15+68h]
0311  4881C300100000                add     rbx,1000h
0318  7CDD                          jl      short @02F7
031A  E92AFEFFFF                    jmp     @0149
031F  41837F1800                    cmp     dword ptr [r15+18h],0
0324  0F855D010000                  jne     @0487
032A  49837F6800                    cmp     qword ptr [r15+68h],0
032F  0F8444010000                  je      @0479
0335  49FF4F68                      dec     qword ptr [r15+68h]
0339  4881C300100000                add     rbx,1000h
0340  7CDD                          jl      short @031F
0342  E924FEFFFF                    jmp     @016B
0347  41837F1800                    cmp     dword ptr [r15+18h],0
034C  0F8535010000                  jne     @0487
0352  49837F6800                    cmp     qword ptr [r15+68h],0
0357  0F841C010000                  je      @0479
035D  49FF4F68                      dec     qword ptr [r15+68h]
0361  4881C300100000                add     rbx,1000h
0368  7CDD                          jl      short @0347
036A  E915FEFFFF                    jmp     @0184
036F  41837F1800                    cmp     dword ptr [r15+18h],0
0374  0F850D010000                  jne     @0487
037A  49837F6800                    cmp     qword ptr [r15+68h],0
037F  0F84F4000000                  je      @0479
0385  49FF4F68                      dec     qword ptr [r15+68h]
0389  4881C300100000                add     rbx,1000h
0390  7CDD                          jl      short @036F
0392  E90AFEFFFF                    jmp     @01A1
0397  41837F1800                    cmp     dword ptr [r15+18h],0
039C  0F85E5000000                  jne     @0487
03A2  49837F6800                    cmp     qword ptr [r15+68h],0
03A7  0F84CC000000                  je      @0479
03AD  49FF4F68                      dec     qword ptr [r15+68h]
03B1  4881C300100000                add     rbx,1000h
03B8  7CDD                          jl      short @0397
03BA  E934FEFFFF                    jmp     @01F3
03BF  41837F1800                    cmp     dword ptr [r15+18h],0
03C4  0F85BD000000                  jne     @0487
03CA  49837F6800                    cmp     qword ptr [r15+68h],0
03CF  0F84A4000000                  je      @0479
03D5  49FF4F68                      dec     qword ptr [r15+68h]
03D9  4881C300100000                add     rbx,1000h
03E0  7CDD                          jl      short @03BF
03E2  E944FEFFFF                    jmp     @022B
03E7  41837F1800                    cmp     dword ptr [r15+18h],0
03EC  0F8595000000                  jne     @0487
03F2  49837F6800                    cmp     qword ptr [r15+68h],0
03F7  0F847C000000                  je      @0479
03FD  49FF4F68                      dec     qword ptr [r15+68h]
0401  4881C300100000                add     rbx,1000h
0408  7CDD                          jl      short @03E7
040A  E935FEFFFF                    jmp     @0244
040F  41837F1800                    cmp     dword ptr [r15+18h],0
0414  7571                          jne     short @0487
0416  49837F6800                    cmp     qword ptr [r15+68h],0
041B  745C                          je      short @0479
041D  49FF4F68                      dec     qword ptr [r15+68h]
0421  4881C300100000                add     rbx,1000h
0428  7CE5                          jl      short @040F
042A  E930FEFFFF                    jmp     @025F
042F  41837F1800                    cmp     dword ptr [r15+18h],0
0434  7551                          jne     short @0487
0436  49837F6800                    cmp     qword ptr [r15+68h],0
043B  743C                          je      short @0479
043D  49FF4F68                      dec     qword ptr [r15+68h]
0441  4881C300100000                add     rbx,1000h
0448  7CE5                          jl      short @042F
044A  E947FEFFFF                    jmp     @0296
044F  49895F10                      mov     [r15+10h],rbx
0453  B802010000                    mov     eax,102h
0458  E998FBFFFF                    jmp     trap_exit
045D  49895F10                      mov     [r15+10h],rbx
0461  B805010000                    mov     eax,105h
0466  E98AFBFFFF                    jmp     trap_exit
046B  49895F10                      mov     [r15+10h],rbx
046F  B809010000                    mov     eax,109h
0474  E97CFBFFFF                    jmp     trap_exit
0479  49895F10                      mov     [r15+10h],rbx
047D  B80A010000                    mov     eax,10Ah
0482  E96EFBFFFF                    jmp     trap_exit
0487  49895F10                      mov     [r15+10h],rbx
048B  B80B010000                    mov     eax,10Bh
0490  E960FBFFFF                    jmp     trap_exit

