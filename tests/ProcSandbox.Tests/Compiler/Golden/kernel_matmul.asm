func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F8268040000                  jb      @0481
0019  4883EB01                      sub     rbx,1
001D  0F8C9A020000                  jl      @02BD
0023  48C745F800000000              mov     qword ptr [rbp-8],0
002B  48C745F000000000              mov     qword ptr [rbp-10h],0
0033  48C745E800000000              mov     qword ptr [rbp-18h],0
003B  48C745E000000000              mov     qword ptr [rbp-20h],0
0043  48C745D800000000              mov     qword ptr [rbp-28h],0
004B  48C745D000000000              mov     qword ptr [rbp-30h],0
0053  48C745C800000000              mov     qword ptr [rbp-38h],0
005B  48C745C000000000              mov     qword ptr [rbp-40h],0
0063  41BC00000000                  mov     r12d,0
0069  448B6D10                      mov     r13d,[rbp+10h]
006D  41B900000000                  mov     r9d,0
0073  41B800000000                  mov     r8d,0
0079  BF00000000                    mov     edi,0
007E  450F57F6                      xorps   xmm14,xmm14
0082  450F57ED                      xorps   xmm13,xmm13
0086  418BF5                        mov     esi,r13d
0089  410FAFF5                      imul    esi,r13d
008D  6BF608                        imul    esi,8
0090  8BFE                          mov     edi,esi
0092  8BF7                          mov     esi,edi
0094  6BF602                        imul    esi,2
0097  488975C8                      mov     [rbp-38h],rsi
009B  41B800000000                  mov     r8d,0
00A1  4883EB01                      sub     rbx,1
00A5  0F8C3A020000                  jl      @02E5
00AB  418BF5                        mov     esi,r13d
00AE  410FAFF5                      imul    esi,r13d
00B2  443BC6                        cmp     r8d,esi
00B5  0F839A000000                  jae     @0155
00BB  418BF0                        mov     esi,r8d
00BE  C1E603                        shl     esi,3
00C1  B907000000                    mov     ecx,7
00C6  418BC0                        mov     eax,r8d
00C9  85C9                          test    ecx,ecx
00CB  0F8494030000                  je      @0465
00D1  31D2                          xor     edx,edx
00D3  F7F1                          div     ecx
00D5  0F57C0                        xorps   xmm0,xmm0
00D8  8BD2                          mov     edx,edx
00DA  F2480F2AC2                    cvtsi2sd xmm0,rdx
00DF  448BDE                        mov     r11d,esi
00E2  4983C308                      add     r11,8
00E6  4D3B5F08                      cmp     r11,[r15+8]
00EA  0F8783030000                  ja      @0473
00F0  F2430F11441EF8                movsd   [r14+r11-8],xmm0
00F7  418BF0                        mov     esi,r8d
00FA  C1E603                        shl     esi,3
00FD  03F7                          add     esi,edi
00FF  B905000000                    mov     ecx,5
0104  418BC0                        mov     eax,r8d
0107  85C9                          test    ecx,ecx
0109  0F8456030000                  je      @0465
010F  31D2                          xor     edx,edx
0111  F7F1                          div     ecx
0113  0F57C0                        xorps   xmm0,xmm0
0116  8BD2                          mov     edx,edx
0118  F2480F2AC2                    cvtsi2sd xmm0,rdx
011D  448BDE                        mov     r11d,esi
0120  4983C308                      add     r11,8
0124  4D3B5F08                      cmp     r11,[r15+8]
0128  0F8745030000                  ja      @0473
012E  F2430F11441EF8                movsd   [r14+r11-8],xmm0
0135  4183C001                      add     r8d,1
0139  4883EB01                      sub     rbx,1
013D  0F8CCA010000                  jl      @030D
0143  418BF5                        mov     esi,r13d
0146  410FAFF5                      imul    esi,r13d
014A  443BC6                        cmp     r8d,esi
014D  0F8268FFFFFF                  jb      @00BB
0153  EB00                          jmp     short @0155
0155  41B800000000                  mov     r8d,0
015B  4883EB01                      sub     rbx,1
015F  0F8CD0010000                  jl      @0335
0165  453BC5                        cmp     r8d,r13d
0168  0F83F1000000                  jae     @025F
016E  41B900000000                  mov     r9d,0
0174  4883EB01                      sub     rbx,1
0178  0F8CDF010000                  jl      @035D
017E  453BCD                        cmp     r9d,r13d
0181  0F83BF000000                  jae     @0246
0187  450F57F6                      xorps   xmm14,xmm14
018B  41BC00000000                  mov     r12d,0
0191  4883EB01                      sub     rbx,1
0195  0F8CEA010000                  jl      @0385
019B  453BE5                        cmp     r12d,r13d
019E  7364                          jae     short @0204
01A0  418BF0                        mov     esi,r8d
01A3  410FAFF5                      imul    esi,r13d
01A7  4103F4                        add     esi,r12d
01AA  C1E603                        shl     esi,3
01AD  4883C608                      add     rsi,8
01B1  493B7708                      cmp     rsi,[r15+8]
01B5  0F87B8020000                  ja      @0473
01BB  F2410F104436F8                movsd   xmm0,[r14+rsi-8]
01C2  418BF4                        mov     esi,r12d
01C5  410FAFF5                      imul    esi,r13d
01C9  4103F1                        add     esi,r9d
01CC  C1E603                        shl     esi,3
01CF  03F7                          add     esi,edi
01D1  4883C608                      add     rsi,8
01D5  493B7708                      cmp     rsi,[r15+8]
01D9  0F8794020000                  ja      @0473
01DF  F2410F104C36F8                movsd   xmm1,[r14+rsi-8]
01E6  F20F59C1                      mulsd   xmm0,xmm1
01EA  F2440F58F0                    addsd   xmm14,xmm0
01EF  4183C401                      add     r12d,1
01F3  4883EB01                      sub     rbx,1
01F7  0F8CB0010000                  jl      @03AD
01FD  453BE5                        cmp     r12d,r13d
0200  729E                          jb      short @01A0
0202  EB00                          jmp     short @0204
0204  418BF0                        mov     esi,r8d
0207  410FAFF5                      imul    esi,r13d
020B  4103F1                        add     esi,r9d
020E  C1E603                        shl     esi,3
0211  0375C8                        add     esi,[rbp-38h]
0214  410F28C6                      movaps  xmm0,xmm14
0218  4883C608                      add     rsi,8
021C  493B7708                      cmp     rsi,[r15+8]
0220  0F874D020000                  ja      @0473
0226  F2410F114436F8                movsd   [r14+rsi-8],xmm0
022D  4183C101                      add     r9d,1
0231  4883EB01                      sub     rbx,1
0235  0F8C9A010000                  jl      @03D5
023B  453BCD                        cmp     r9d,r13d
023E  0F8243FFFFFF                  jb      @0187
0244  EB00                          jmp     short @0246
0246  4183C001                      add     r8d,1
024A  4883EB01                      sub     rbx,1
024E  0F8CA9010000                  jl      @03FD
0254  453BC5                        cmp     r8d,r13d
0257  0F8211FFFFFF                  jb      @016E
025D  EB00                          jmp     short @025F
025F  41B800000000                  mov     r8d,0
0265  4883EB01                      sub     rbx,1
0269  0F8CB6010000                  jl      @0425
026F  453BC5                        cmp     r8d,r13d
0272  733F                          jae     short @02B3
0274  418BF0                        mov     esi,r8d
0277  410FAFF5                      imul    esi,r13d
027B  4103F0                        add     esi,r8d
027E  C1E603                        shl     esi,3
0281  0375C8                        add     esi,[rbp-38h]
0284  4883C608                      add     rsi,8
0288  493B7708                      cmp     rsi,[r15+8]
028C  0F87E1010000                  ja      @0473
0292  F2410F104436F8                movsd   xmm0,[r14+rsi-8]
0299  F2440F58E8                    addsd   xmm13,xmm0
029E  4183C001                      add     r8d,1
02A2  4883EB01                      sub     rbx,1
02A6  0F8C99010000                  jl      @0445
02AC  453BC5                        cmp     r8d,r13d
02AF  72C3                          jb      short @0274
02B1  EB00                          jmp     short @02B3
02B3  410F28C5                      movaps  xmm0,xmm13
02B7  49895F10                      mov     [r15+10h],rbx
02BB  C9                            leave
02BC  C3                            ret
02BD  41837F1800                    cmp     dword ptr [r15+18h],0
02C2  0F85D5010000                  jne     @049D
02C8  49837F6800                    cmp     qword ptr [r15+68h],0
02CD  0F84BC010000                  je      @048F
02D3  49FF4F68                      dec     qword ptr [r15+68h]
02D7  4881C300100000                add     rbx,1000h
02DE  7CDD                          jl      short @02BD
02E0  E93EFDFFFF                    jmp     @0023
02E5  41837F1800                    cmp     dword ptr [r15+18h],0
02EA  0F85AD010000                  jne     @049D
02F0  49837F6800                    cmp     qword ptr [r15+68h],0
02F5  0F8494010000                  je      @048F
02FB  49FF4F68                      dec     qword ptr [r15+68h]
02FF  4881C300100000                add     rbx,1000h
0306  7CDD                          jl      short @02E5
0308  E99EFDFFFF                    jmp     @00AB
030D  41837F1800                    cmp     dword ptr [r15+18h],0
0312  0F8585010000                  jne     @049D
0318  49837F6800                    cmp     qword ptr [r15+68h],0
031D  0F846C010000                  je      @048F
0323  49FF4F68                      dec     qword ptr [r15+68h]
0327  4881C300100000                add     rbx,1000h
032E  7CDD                          jl      short @030D
0330  E90EFEFFFF                    jmp     @0143
0335  41837F1800                    cmp     dword ptr [r15+18h],0
033A  0F855D010000                  jne     @049D
0340  49837F6800                    cmp     qword ptr [r15+68h],0
0345  0F8444010000                  je      @048F
034B  49FF4F68                      dec     qword ptr [r15+68h]
034F  4881C300100000                add     rbx,1000h
0356  7CDD                          jl      short @0335
0358  E908FEFFFF                    jmp     @0165
035D  41837F1800                    cmp     dword ptr [r15+18h],0
0362  0F8535010000                  jne     @049D
0368  49837F6800                    cmp     qword ptr [r15+68h],0
036D  0F841C010000                  je      @048F
0373  49FF4F68                      dec     qword ptr [r15+68h]
0377  4881C300100000                add     rbx,1000h
037E  7CDD                          jl      short @035D
0380  E9F9FDFFFF                    jmp     @017E
0385  41837F1800                    cmp     dword ptr [r15+18h],0
038A  0F850D010000                  jne     @049D
0390  49837F6800                    cmp     qword ptr [r15+68h],0
0395  0F84F4000000                  je      @048F
039B  49FF4F68                      dec     qword ptr [r15+68h]
039F  4881C300100000                add     rbx,1000h
03A6  7CDD                          jl      short @0385
03A8  E9EEFDFFFF                    jmp     @019B
03AD  41837F1800                    cmp     dword ptr [r15+18h],0
03B2  0F85E5000000                  jne     @049D
03B8  49837F6800                    cmp     qword ptr [r15+68h],0
03BD  0F84CC000000                  je      @048F
03C3  49FF4F68                      dec     qword ptr [r15+68h]
03C7  4881C300100000                add     rbx,1000h
03CE  7CDD                          jl      short @03AD
03D0  E928FEFFFF                    jmp     @01FD
03D5  41837F1800                    cmp     dword ptr [r15+18h],0
03DA  0F85BD000000                  jne     @049D
03E0  49837F6800                    cmp     qword ptr [r15+68h],0
03E5  0F84A4000000                  je      @048F
03EB  49FF4F68                      dec     qword ptr [r15+68h]
03EF  4881C300100000                add     rbx,1000h
03F6  7CDD                          jl      short @03D5
03F8  E93EFEFFFF                    jmp     @023B
03FD  41837F1800                    cmp     dword ptr [r15+18h],0
0402  0F8595000000                  jne     @049D
0408  49837F6800                    cmp     qword ptr [r15+68h],0
040D  0F847C000000                  je      @048F
0413  49FF4F68                      dec     qword ptr [r15+68h]
0417  4881C300100000                add     rbx,1000h
041E  7CDD                          jl      short @03FD
0420  E92FFEFFFF                    jmp     @0254
0425  41837F1800                    cmp     dword ptr [r15+18h],0
042A  7571                          jne     short @049D
042C  49837F6800                    cmp     qword ptr [r15+68h],0
0431  745C                          je      short @048F
0433  49FF4F68                      dec     qword ptr [r15+68h]
0437  4881C300100000                add     rbx,1000h
043E  7CE5                          jl      short @0425
0440  E92AFEFFFF                    jmp     @026F
0445  41837F1800                    cmp     dword ptr [r15+18h],0
044A  7551                          jne     short @049D
044C  49837F6800                    cmp     qword ptr [r15+68h],0
0451  743C                          je      short @048F
0453  49FF4F68                      dec     qword ptr [r15+68h]
0457  4881C300100000                add     rbx,1000h
045E  7CE5                          jl      short @0445
0460  E947FEFFFF                    jmp     @02AC
0465  49895F10                      mov     [r15+10h],rbx
0469  B802010000                    mov     eax,102h
046E  E982FBFFFF                    jmp     trap_exit
0473  49895F10                      mov     [r15+10h],rbx
0477  B805010000                    mov     eax,105h
047C  E974FBFFFF                    jmp     trap_exit
0481  49895F10                      mov     [r15+10h],rbx
0485  B809010000                    mov     eax,109h
048A  E966FBFFFF                    jmp     trap_exit
048F  49895F10                      mov     [r15+10h],rbx
0493  B80A010000                    mov     eax,10Ah
0498  E958FBFFFF                    jmp     trap_exit
049D  49895F10                      mov     [r15+10h],rbx
04A1  B80B010000                    mov     eax,10Bh
04A6  E94AFBFFFF                    jmp     trap_exit

