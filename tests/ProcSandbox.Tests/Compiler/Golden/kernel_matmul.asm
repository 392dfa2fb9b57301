func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  493B6720                      cmp     rsp,[r15+20h]
0017  0F8262040000                  jb      @047F
001D  4883EB01                      sub     rbx,1
0021  0F8C94020000                  jl      @02BB
0027  48C745F800000000              mov     qword ptr [rbp-8],0
002F  48C745F000000000              mov     qword ptr [rbp-10h],0
0037  48C745E800000000              mov     qword ptr [rbp-18h],0
003F  48C745E000000000              mov     qword ptr [rbp-20h],0
0047  48C745D800000000              mov     qword ptr [rbp-28h],0
004F  48C745D000000000              mov     qword ptr [rbp-30h],0
0057  48C745C800000000              mov     qword ptr [rbp-38h],0
005F  48C745C000000000              mov     qword ptr [rbp-40h],0
0067  41BC00000000                  mov     r12d,0
006D  448B6D10                      mov     r13d,[rbp+10h]
0071  41B900000000                  mov     r9d,0
0077  41B800000000                  mov     r8d,0
007D  450F57F6                      xorps   xmm14,xmm14
0081  450F57ED                      xorps   xmm13,xmm13
0085  418BFD                        mov     edi,r13d
0088  410FAFFD                      imul    edi,r13d
008C  6BFF08                        imul    edi,8
008F  48897DD0                      mov     [rbp-30h],rdi
0093  8B7DD0                        mov     edi,[rbp-30h]
0096  6BFF02                        imul    edi,2
0099  48897DC8                      mov     [rbp-38h],rdi
009D  41B800000000                  mov     r8d,0
00A3  4883EB01                      sub     rbx,1
00A7  0F8C36020000                  jl      @02E3
00AD  418BFD                        mov     edi,r13d
00B0  410FAFFD                      imul    edi,r13d
00B4  443BC7                        cmp     r8d,edi
00B7  0F8399000000                  jae     @0156
00BD  418BF8                        mov     edi,r8d
00C0  C1E703                        shl     edi,3
00C3  B907000000                    mov     ecx,7
00C8  418BC0                        mov     eax,r8d
00CB  85C9                          test    ecx,ecx
00CD  0F8490030000                  je      @0463
00D3  31D2                          xor     edx,edx
00D5  F7F1                          div     ecx
00D7  0F57C0                        xorps   xmm0,xmm0
00DA  8BD2                          mov     edx,edx
00DC  F2480F2AC2                    cvtsi2sd xmm0,rdx
00E1  448BDF                        mov     r11d,edi
00E4  4983C308                      add     r11,8
00E8  4C3BDE                        cmp     r11,rsi
00EB  0F8780030000                  ja      @0471
00F1  F2430F11441EF8                movsd   [r14+r11-8],xmm0
00F8  418BF8                        mov     edi,r8d
00FB  C1E703                        shl     edi,3
00FE  037DD0                        add     edi,[rbp-30h]
0101  B905000000                    mov     ecx,5
0106  418BC0                        mov     eax,r8d
0109  85C9                          test    ecx,ecx
010B  0F8452030000                  je      @0463
0111  31D2                          xor     edx,edx
0113  F7F1                          div     ecx
0115  0F57C0                        xorps   xmm0,xmm0
0118  8BD2                          mov     edx,edx
011A  F2480F2AC2                    cvtsi2sd xmm0,rdx
011F  448BDF                        mov     r11d,edi
0122  4983C308                      add     r11,8
0126  4C3BDE                        cmp     r11,rsi
0129  0F8742030000                  ja      @0471
012F  F2430F11441EF8                movsd   [r14+r11-8],xmm0
0136  4183C001                      add     r8d,1
013A  4883EB01                      sub     rbx,1
013E  0F8CC7010000                  jl      @030B
0144  418BFD                        mov     edi,r13d
0147  410FAFFD                      imul    edi,r13d
014B  443BC7                        cmp     r8d,edi
014E  0F8269FFFFFF                  jb      @00BD
0154  EB00                          jmp     short @0156
0156  41B800000000                  mov     r8d,0
015C  4883EB01                      sub     rbx,1
0160  0F8CCD010000                  jl      @0333
0166  453BC5                        cmp     r8d,r13d
0169  0F83EF000000                  jae     @025E
016F  41B900000000                  mov     r9d,0
0175  4883EB01                      sub     rbx,1
0179  0F8CDC010000                  jl      @035B
017F  453BCD                        cmp     r9d,r13d
0182  0F83BD000000                  jae     @0245
0188  450F57F6                      xorps   xmm14,xmm14
018C  41BC00000000                  mov     r12d,0
0192  4883EB01                      sub     rbx,1
0196  0F8CE7010000                  jl      @0383
019C  453BE5                        cmp     r12d,r13d
019F  7363                          jae     short @0204
01A1  418BF8                        mov     edi,r8d
01A4  410FAFFD                      imul    edi,r13d
01A8  4103FC                        add     edi,r12d
01AB  C1E703                        shl     edi,3
01AE  4883C708                      add     rdi,8
01B2  483BFE                        cmp     rdi,rsi
01B5  0F87B6020000                  ja      @0471
01BB  F2410F10443EF8                movsd   xmm0,[r14+rdi-8]
01C2  418BFC                        mov     edi,r12d
01C5  410FAFFD                      imul    edi,r13d
01C9  4103F9                        add     edi,r9d
01CC  C1E703                        shl     edi,3
01CF  037DD0                        add     edi,[rbp-30h]
01D2  4883C708                      add     rdi,8
01D6  483BFE                        cmp     rdi,rsi
01D9  0F8792020000                  ja      @0471
01DF  F2410F104C3EF8                movsd   xmm1,[r14+rdi-8]
01E6  F20F59C1                      mulsd   xmm0,xmm1
01EA  F2440F58F0                    addsd   xmm14,xmm0
01EF  4183C401                      add     r12d,1
01F3  4883EB01                      sub     rbx,1
01F7  0F8CAE010000                  jl      @03AB
01FD  453BE5                        cmp     r12d,r13d
0200  729F                          jb      short @01A1
0202  EB00                          jmp     short @0204
0204  418BF8                        mov     edi,r8d
0207  410FAFFD                      imul    edi,r13d
020B  4103F9                        add     edi,r9d
020E  C1E703                        shl     edi,3
0211  037DC8                        add     edi,[rbp-38h]
0214  410F28C6                      movaps  xmm0,xmm14
0218  4883C708                      add     rdi,8
021C  483BFE                        cmp     rdi,rsi
021F  0F874C020000                  ja      @0471
0225  F2410F11443EF8                movsd   [r14+rdi-8],xmm0
022C  4183C101                      add     r9d,1
0230  4883EB01                      sub     rbx,1
0234  0F8C99010000                  jl      @03D3
023A  453BCD                        cmp     r9d,r13d
023D  0F8245FFFFFF                  jb      @0188
0243  EB00                          jmp     short @0245
0245  4183C001                      add     r8d,1
0249  4883EB01                      sub     rbx,1
024D  0F8CA8010000                  jl      @03FB
0253  453BC5                        cmp     r8d,r13d
0256  0F8213FFFFFF                  jb      @016F
025C  EB00                          jmp     short @025E
025E  41B800000000                  mov     r8d,0
0264  4883EB01                      sub     rbx,1
0268  0F8CB5010000                  jl      @0423
026E  453BC5                        cmp     r8d,r13d
0271  733E                          jae     short @02B1
0273  418BF8                        mov     edi,r8d
0276  410FAFFD                      imul    edi,r13d
027A  4103F8                        add     edi,r8d
027D  C1E703                        shl     edi,3
0280  037DC8                        add     edi,[rbp-38h]
0283  4883C708                      add     rdi,8
0287  483BFE                        cmp     rdi,rsi
028A  0F87E1010000                  ja      @0471
0290  F2410F10443EF8                movsd   xmm0,[r14+rdi-8]
0297  F2440F58E8                    addsd   xmm13,xmm0
029C  4183C001                      add     r8d,1
02A0  4883EB01                      sub     rbx,1
02A4  0F8C99010000                  jl      @0443
02AA  453BC5                        cmp     r8d,r13d
02AD  72C4                          jb      short @0273
02AF  EB00                          jmp     short @02B1
02B1  410F28C5                      movaps  xmm0,xmm13
02B5  49895F10                      mov     [r15+10h],rbx
02B9  C9                            leave
02BA  C3                            ret
02BB  41837F1800                    cmp     dword ptr [r15+18h],0
02C0  0F85D5010000                  jne     @049B
02C6  49837F6800                    cmp     qword ptr [r15+68h],0
02CB  0F84BC010000                  je      @048D
02D1  49FF4F68                      dec     qword ptr [r15+68h]
02D5  4881C300100000                add     rbx,1000h
02DC  7CDD                          jl      short @02BB
02DE  E944FDFFFF                    jmp     @0027
02E3  41837F1800                    cmp     dword ptr [r15+18h],0
02E8  0F85AD010000                  jne     @049B
02EE  49837F6800                    cmp     qword ptr [r15+68h],0
02F3  0F8494010000                  je      @048D
02F9  49FF4F68                      dec     qword ptr [r15+68h]
02FD  4881C300100000                add     rbx,1000h
0304  7CDD                          jl      short @02E3
0306  E9A2FDFFFF                    jmp     @00AD
030B  41837F1800                    cmp     dword ptr [r15+18h],0
0310  0F8585010000                  jne     @049B
0316  49837F6800                    cmp     qword ptr [r15+68h],0
031B  0F846C010000                  je      @048D
0321  49FF4F68                      dec     qword ptr [r15+68h]
0325  4881C300100000                add     rbx,1000h
032C  7CDD                          jl      short @030B
032E  E911FEFFFF                    jmp     @0144
0333  41837F1800                    cmp     dword ptr [r15+18h],0
0338  0F855D010000                  jne     @049B
033E  49837F6800                    cmp     qword ptr [r15+68h],0
0343  0F8444010000                  je      @048D
0349  49FF4F68                      dec     qword ptr [r15+68h]
034D  4881C300100000                add     rbx,1000h
0354  7CDD                          jl      short @0333
0356  E90BFEFFFF                    jmp     @0166
035B  41837F1800                    cmp     dword ptr [r15+18h],0
0360  0F8535010000                  jne     @049B
0366  49837F6800                    cmp     qword ptr [r15+68h],0
036B  0F841C010000                  je      @048D
0371  49FF4F68                      dec     qword ptr [r15+68h]
0375  4881C300100000                add     rbx,1000h
037C  7CDD                          jl      short @035B
037E  E9FCFDFFFF                    jmp     @017F
0383  41837F1800                    cmp     dword ptr [r15+18h],0
0388  0F850D010000                  jne     @049B
038E  49837F6800                    cmp     qword ptr [r15+68h],0
0393  0F84F4000000                  je      @048D
0399  49FF4F68                      dec     qword ptr [r15+68h]
039D  4881C300100000                add     rbx,1000h
03A4  7CDD                          jl      short @0383
03A6  E9F1FDFFFF                    jmp     @019C
03AB  41837F1800                    cmp     dword ptr [r15+18h],0
03B0  0F85E5000000                  jne     @049B
03B6  49837F6800                    cmp     qword ptr [r15+68h],0
03BB  0F84CC000000                  je      @048D
03C1  49FF4F68                      dec     qword ptr [r15+68h]
03C5  4881C300100000                add     rbx,1000h
03CC  7CDD                          jl      short @03AB
03CE  E92AFEFFFF                    jmp     @01FD
03D3  41837F1800                    cmp     dword ptr [r15+18h],0
03D8  0F85BD000000                  jne     @049B
03DE  49837F6800                    cmp     qword ptr [r15+68h],0
03E3  0F84A4000000                  je      @048D
03E9  49FF4F68                      dec     qword ptr [r15+68h]
03ED  4881C300100000                add     rbx,1000h
03F4  7CDD                          jl      short @03D3
03F6  E93FFEFFFF                    jmp     @023A
03FB  41837F1800                    cmp     dword ptr [r15+18h],0
0400  0F8595000000                  jne     @049B
0406  49837F6800                    cmp     qword ptr [r15+68h],0
040B  0F847C000000                  je      @048D
0411  49FF4F68                      dec     qword ptr [r15+68h]
0415  4881C300100000                add     rbx,1000h
041C  7CDD                          jl      short @03FB
041E  E930FEFFFF                    jmp     @0253
0423  41837F1800                    cmp     dword ptr [r15+18h],0
0428  7571                          jne     short @049B
042A  49837F6800                    cmp     qword ptr [r15+68h],0
042F  745C                          je      short @048D
0431  49FF4F68                      dec     qword ptr [r15+68h]
0435  4881C300100000                add     rbx,1000h
043C  7CE5                          jl      short @0423
043E  E92BFEFFFF                    jmp     @026E
0443  41837F1800                    cmp     dword ptr [r15+18h],0
0448  7551                          jne     short @049B
044A  49837F6800                    cmp     qword ptr [r15+68h],0
044F  743C                          je      short @048D
0451  49FF4F68                      dec     qword ptr [r15+68h]
0455  4881C300100000                add     rbx,1000h
045C  7CE5                          jl      short @0443
045E  E947FEFFFF                    jmp     @02AA
0463  49895F10                      mov     [r15+10h],rbx
0467  B802010000                    mov     eax,102h
046C  E984FBFFFF                    jmp     trap_exit
0471  49895F10                      mov     [r15+10h],rbx
0475  B805010000                    mov     eax,105h
047A  E976FBFFFF                    jmp     trap_exit
047F  49895F10                      mov     [r15+10h],rbx
0483  B809010000                    mov     eax,109h
0488  E968FBFFFF                    jmp     trap_exit
048D  49895F10                      mov     [r15+10h],rbx
0491  B80A010000                    mov     eax,10Ah
0496  E95AFBFFFF                    jmp     trap_exit
049B  49895F10                      mov     [r15+10h],rbx
049F  B80B010000                    mov     eax,10Bh
04A4  E94CFBFFFF                    jmp     trap_exit

