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
0079  450F57F6                      xorps   xmm14,xmm14
007D  450F57ED                      xorps   xmm13,xmm13
0081  418BF5                        mov     esi,r13d
0084  410FAFF5                      imul    esi,r13d
0088  6BF608                        imul    esi,8
008B  488975D0                      mov     [rbp-30h],rsi
008F  8B75D0                        mov     esi,[rbp-30h]
0092  6BF602                        imul    esi,2
0095  488975C8                      mov     [rbp-38h],rsi
0099  41B800000000                  mov     r8d,0
009F  4883EB01                      sub     rbx,1
00A3  0F8C3C020000                  jl      @02E5
00A9  418BF5                        mov     esi,r13d
00AC  410FAFF5                      imul    esi,r13d
00B0  443BC6                        cmp     r8d,esi
00B3  0F839B000000                  jae     @0154
00B9  418BF0                        mov     esi,r8d
00BC  C1E603                        shl     esi,3
00BF  BF07000000                    mov     edi,7
00C4  418BC0                        mov     eax,r8d
00C7  85FF                          test    edi,edi
00C9  0F8496030000                  je      @0465
00CF  31D2                          xor     edx,edx
00D1  F7F7                          div     edi
00D3  0F57C0                        xorps   xmm0,xmm0
00D6  8BD2                          mov     edx,edx
00D8  F2480F2AC2                    cvtsi2sd xmm0,rdx
00DD  448BDE                        mov     r11d,esi
00E0  4983C308                      add     r11,8
00E4  4D3B5F08                      cmp     r11,[r15+8]
00E8  0F8785030000                  ja      @0473
00EE  F2430F11441EF8                movsd   [r14+r11-8],xmm0
00F5  418BF0                        mov     esi,r8d
00F8  C1E603                        shl     esi,3
00FB  0375D0                        add     esi,[rbp-30h]
00FE  BF05000000                    mov     edi,5
0103  418BC0                        mov     eax,r8d
0106  85FF                          test    edi,edi
0108  0F8457030000                  je      @0465
010E  31D2                          xor     edx,edx
0110  F7F7                          div     edi
0112  0F57C0                        xorps   xmm0,xmm0
0115  8BD2                          mov     edx,edx
0117  F2480F2AC2                    cvtsi2sd xmm0,rdx
011C  448BDE                        mov     r11d,esi
011F  4983C308                      add     r11,8
0123  4D3B5F08                      cmp     r11,[r15+8]
0127  0F8746030000                  ja      @0473
012D  F2430F11441EF8                movsd   [r14+r11-8],xmm0
0134  4183C001                      add     r8d,1
0138  4883EB01                      sub     rbx,1
013C  0F8CCB010000                  jl      @030D
0142  418BF5                        mov     esi,r13d
0145  410FAFF5                      imul    esi,r13d
0149  443BC6                        cmp     r8d,esi
014C  0F8267FFFFFF                  jb      @00B9
0152  EB00                          jmp     short @0154
0154  41B800000000                  mov     r8d,0
015A  4883EB01                      sub     rbx,1
015E  0F8CD1010000                  jl      @0335
0164  453BC5                        cmp     r8d,r13d
0167  0F83F2000000                  jae     @025F
016D  41B900000000                  mov     r9d,0
0173  4883EB01                      sub     rbx,1
0177  0F8CE0010000                  jl      @035D
017D  453BCD                        cmp     r9d,r13d
0180  0F83C0000000                  jae     @0246
0186  450F57F6                      xorps   xmm14,xmm14
018A  41BC00000000                  mov     r12d,0
0190  4883EB01                      sub     rbx,1
0194  0F8CEB010000                  jl      @0385
019A  453BE5                        cmp     r12d,r13d
019D  7365                          jae     short @0204
019F  418BF0                        mov     esi,r8d
01A2  410FAFF5                      imul    esi,r13d
01A6  4103F4                        add     esi,r12d
01A9  C1E603                        shl     esi,3
01AC  4883C608                      add     rsi,8
01B0  493B7708                      cmp     rsi,[r15+8]
01B4  0F87B9020000                  ja      @0473
01BA  F2410F104436F8                movsd   xmm0,[r14+rsi-8]
01C1  418BF4                        mov     esi,r12d
01C4  410FAFF5                      imul    esi,r13d
01C8  4103F1                        add     esi,r9d
01CB  C1E603                        shl     esi,3
01CE  0375D0                        add     esi,[rbp-30h]
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
0200  729D                          jb      short @019F
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
023E  0F8242FFFFFF                  jb      @0186
0244  EB00                          jmp     short @0246
0246  4183C001                      add     r8d,1
024A  4883EB01                      sub     rbx,1
024E  0F8CA9010000                  jl      @03FD
0254  453BC5                        cmp     r8d,r13d
0257  0F8210FFFFFF                  jb      @016D
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
0308  E99CFDFFFF                    jmp     @00A9
030D  41837F1800                    cmp     dword ptr [r15+18h],0
0312  0F8585010000                  jne     @049D
0318  49837F6800                    cmp     qword ptr [r15+68h],0
031D  0F846C010000                  je      @048F
0323  49FF4F68                      dec     qword ptr [r15+68h]
0327  4881C300100000                add     rbx,1000h
032E  7CDD                          jl      short @030D
0330  E90DFEFFFF                    jmp     @0142
0335  41837F1800                    cmp     dword ptr [r15+18h],0
033A  0F855D010000                  jne     @049D
0340  49837F6800                    cmp     qword ptr [r15+68h],0
0345  0F8444010000                  je      @048F
034B  49FF4F68                      dec     qword ptr [r15+68h]
034F  4881C300100000                add     rbx,1000h
0356  7CDD                          jl      short @0335
0358  E907FEFFFF                    jmp     @0164
035D  41837F1800                    cmp     dword ptr [r15+18h],0
0362  0F8535010000                  jne     @049D
0368  49837F6800                    cmp     qword ptr [r15+68h],0
036D  0F841C010000                  je      @048F
0373  49FF4F68                      dec     qword ptr [r15+68h]
0377  4881C300100000                add     rbx,1000h
037E  7CDD                          jl      short @035D
0380  E9F8FDFFFF                    jmp     @017D
0385  41837F1800                    cmp     dword ptr [r15+18h],0
038A  0F850D010000                  jne     @049D
0390  49837F6800                    cmp     qword ptr [r15+68h],0
0395  0F84F4000000                  je      @048F
039B  49FF4F68                      dec     qword ptr [r15+68h]
039F  4881C300100000                add     rbx,1000h
03A6  7CDD                          jl      short @0385
03A8  E9EDFDFFFF                    jmp     @019A
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

