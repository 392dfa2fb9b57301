func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  493B6720                      cmp     rsp,[r15+20h]
0017  0F826C040000                  jb      @0489
001D  4883EB01                      sub     rbx,1
0021  0F8C9E020000                  jl      @02C5
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
007D  BF00000000                    mov     edi,0
0082  450F57F6                      xorps   xmm14,xmm14
0086  450F57ED                      xorps   xmm13,xmm13
008A  418BCD                        mov     ecx,r13d
008D  410FAFCD                      imul    ecx,r13d
0091  6BC908                        imul    ecx,8
0094  8BF9                          mov     edi,ecx
0096  8BCF                          mov     ecx,edi
0098  6BC902                        imul    ecx,2
009B  48894DC8                      mov     [rbp-38h],rcx
009F  41B800000000                  mov     r8d,0
00A5  4883EB01                      sub     rbx,1
00A9  0F8C3E020000                  jl      @02ED
00AF  418BCD                        mov     ecx,r13d
00B2  410FAFCD                      imul    ecx,r13d
00B6  443BC1                        cmp     r8d,ecx
00B9  0F83A2000000                  jae     @0161
00BF  418BC8                        mov     ecx,r8d
00C2  C1E103                        shl     ecx,3
00C5  48894DB0                      mov     [rbp-50h],rcx
00C9  B907000000                    mov     ecx,7
00CE  418BC0                        mov     eax,r8d
00D1  85C9                          test    ecx,ecx
00D3  0F8494030000                  je      @046D
00D9  31D2                          xor     edx,edx
00DB  F7F1                          div     ecx
00DD  0F57C0                        xorps   xmm0,xmm0
00E0  8BD2                          mov     edx,edx
00E2  F2480F2AC2                    cvtsi2sd xmm0,rdx
00E7  448B5DB0                      mov     r11d,[rbp-50h]
00EB  4983C308                      add     r11,8
00EF  4C3BDE                        cmp     r11,rsi
00F2  0F8783030000                  ja      @047B
00F8  F2430F11441EF8                movsd   [r14+r11-8],xmm0
00FF  418BC8                        mov     ecx,r8d
0102  C1E103                        shl     ecx,3
0105  03CF                          add     ecx,edi
0107  48894DB0                      mov     [rbp-50h],rcx
010B  B905000000                    mov     ecx,5
0110  418BC0                        mov     eax,r8d
0113  85C9                          test    ecx,ecx
0115  0F8452030000                  je      @046D
011B  31D2                          xor     edx,edx
011D  F7F1                          div     ecx
011F  0F57C0                        xorps   xmm0,xmm0
0122  8BD2                          mov     edx,edx
0124  F2480F2AC2                    cvtsi2sd xmm0,rdx
0129  448B5DB0                      mov     r11d,[rbp-50h]
012D  4983C308                      add     r11,8
0131  4C3BDE                        cmp     r11,rsi
0134  0F8741030000                  ja      @047B
013A  F2430F11441EF8                movsd   [r14+r11-8],xmm0
0141  4183C001                      add     r8d,1
0145  4883EB01                      sub     rbx,1
0149  0F8CC6010000                  jl      @0315
014F  418BCD                        mov     ecx,r13d
0152  410FAFCD                      imul    ecx,r13d
0156  443BC1                        cmp     r8d,ecx
0159  0F8260FFFFFF                  jb      @00BF
015F  EB00                          jmp     short @0161
0161  41B800000000                  mov     r8d,0
0167  4883EB01                      sub     rbx,1
016B  0F8CCC010000                  jl      @033D
0171  453BC5                        cmp     r8d,r13d
0174  0F83EE000000                  jae     @0268
017A  41B900000000                  mov     r9d,0
0180  4883EB01                      sub     rbx,1
0184  0F8CDB010000                  jl      @0365
018A  453BCD                        cmp     r9d,r13d
018D  0F83BC000000                  jae     @024F
0193  450F57F6                      xorps   xmm14,xmm14
0197  41BC00000000                  mov     r12d,0
019D  4883EB01                      sub     rbx,1
01A1  0F8CE6010000                  jl      @038D
01A7  453BE5                        cmp     r12d,r13d
01AA  7362                          jae     short @020E
01AC  418BC8                        mov     ecx,r8d
01AF  410FAFCD                      imul    ecx,r13d
01B3  4103CC                        add     ecx,r12d
01B6  C1E103                        shl     ecx,3
01B9  4883C108                      add     rcx,8
01BD  483BCE                        cmp     rcx,rsi
01C0  0F87B5020000                  ja      @047B
01C6  F2410F10440EF8                movsd   xmm0,[r14+rcx-8]
01CD  418BCC                        mov     ecx,r12d
01D0  410FAFCD                      imul    ecx,r13d
01D4  4103C9                        add     ecx,r9d
01D7  C1E103                        shl     ecx,3
01DA  03CF                          add     ecx,edi
01DC  4883C108                      add     rcx,8
01E0  483BCE                        cmp     rcx,rsi
01E3  0F8792020000                  ja      @047B
01E9  F2410F104C0EF8                movsd   xmm1,[r14+rcx-8]
01F0  F20F59C1                      mulsd   xmm0,xmm1
01F4  F2440F58F0                    addsd   xmm14,xmm0
01F9  4183C401                      add     r12d,1
01FD  4883EB01                      sub     rbx,1
0201  0F8CAE010000                  jl      @03B5
0207  453BE5                        cmp     r12d,r13d
020A  72A0                          jb      short @01AC
020C  EB00                          jmp     short @020E
020E  418BC8                        mov     ecx,r8d
0211  410FAFCD                      imul    ecx,r13d
0215  4103C9                        add     ecx,r9d
0218  C1E103                        shl     ecx,3
021B  034DC8                        add     ecx,[rbp-38h]
021E  410F28C6                      movaps  xmm0,xmm14
0222  4883C108                      add     rcx,8
0226  483BCE                        cmp     rcx,rsi
0229  0F874C020000                  ja      @047B
022F  F2410F11440EF8                movsd   [r14+rcx-8],xmm0
0236  4183C101                      add     r9d,1
023A  4883EB01                      sub     rbx,1
023E  0F8C99010000                  jl      @03DD
0244  453BCD                        cmp     r9d,r13d
0247  0F8246FFFFFF                  jb      @0193
024D  EB00                          jmp     short @024F
024F  4183C001                      add     r8d,1
0253  4883EB01                      sub     rbx,1
0257  0F8CA8010000                  jl      @0405
025D  453BC5                        cmp     r8d,r13d
0260  0F8214FFFFFF                  jb      @017A
0266  EB00                          jmp     short @0268
0268  41B800000000                  mov     r8d,0
026E  4883EB01                      sub     rbx,1
0272  0F8CB5010000                  jl      @042D
0278  453BC5                        cmp     r8d,r13d
027B  733E                          jae     short @02BB
027D  418BC8                        mov     ecx,r8d
0280  410FAFCD                      imul    ecx,r13d
0284  4103C8                        add     ecx,r8d
0287  C1E103                        shl     ecx,3
028A  034DC8                        add     ecx,[rbp-38h]
028D  4883C108                      add     rcx,8
0291  483BCE                        cmp     rcx,rsi
0294  0F87E1010000                  ja      @047B
029A  F2410F10440EF8                movsd   xmm0,[r14+rcx-8]
02A1  F2440F58E8                    addsd   xmm13,xmm0
02A6  4183C001                      add     r8d,1
02AA  4883EB01                      sub     rbx,1
02AE  0F8C99010000                  jl      @044D
02B4  453BC5                        cmp     r8d,r13d
02B7  72C4                          jb      short @027D
02B9  EB00                          jmp     short @02BB
02BB  410F28C5                      movaps  xmm0,xmm13
02BF  49895F10                      mov     [r15+10h],rbx
02C3  C9                            leave
02C4  C3                            ret
02C5  41837F1800                    cmp     dword ptr [r15+18h],0
02CA  0F85D5010000                  jne     @04A5
02D0  49837F6800                    cmp     qword ptr [r15+68h],0
02D5  0F84BC010000                  je      @0497
02DB  49FF4F68                      dec     qword ptr [r15+68h]
02DF  4881C300100000                add     rbx,1000h
02E6  7CDD                          jl      short @02C5
02E8  E93AFDFFFF                    jmp     @0027
02ED  41837F1800                    cmp     dword ptr [r15+18h],0
02F2  0F85AD010000                  jne     @04A5
02F8  49837F6800                    cmp     qword ptr [r15+68h],0
02FD  0F8494010000                  je      @0497
0303  49FF4F68                      dec     qword ptr [r15+68h]
0307  4881C300100000                add     rbx,1000h
030E  7CDD                          jl      short @02ED
0310  E99AFDFFFF                    jmp     @00AF
0315  41837F1800                    cmp     dword ptr [r15+18h],0
031A  0F8585010000                  jne     @04A5
0320  49837F6800                    cmp     qword ptr [r15+68h],0
0325  0F846C010000                  je      @0497
032B  49FF4F68                      dec     qword ptr [r15+68h]
032F  4881C300100000                add     rbx,1000h
0336  7CDD                          jl      short @0315
0338  E912FEFFFF                    jmp     @014F
033D  41837F1800                    cmp     dword ptr [r15+18h],0
0342  0F855D010000                  jne     @04A5
0348  49837F6800                    cmp     qword ptr [r15+68h],0
034D  0F8444010000                  je      @0497
0353  49FF4F68                      dec     qword ptr [r15+68h]
0357  4881C300100000                add     rbx,1000h
035E  7CDD                          jl      short @033D
0360  E90CFEFFFF                    jmp     @0171
0365  41837F1800                    cmp     dword ptr [r15+18h],0
036A  0F8535010000                  jne     @04A5
0370  49837F6800                    cmp     qword ptr [r15+68h],0
0375  0F841C010000                  je      @0497
037B  49FF4F68                      dec     qword ptr [r15+68h]
037F  4881C300100000                add     rbx,1000h
0386  7CDD                          jl      short @0365
0388  E9FDFDFFFF                    jmp     @018A
038D  41837F1800                    cmp     dword ptr [r15+18h],0
0392  0F850D010000                  jne     @04A5
0398  49837F6800                    cmp     qword ptr [r15+68h],0
039D  0F84F4000000                  je      @0497
03A3  49FF4F68                      dec     qword ptr [r15+68h]
03A7  4881C300100000                add     rbx,1000h
03AE  7CDD                          jl      short @038D
03B0  E9F2FDFFFF                    jmp     @01A7
03B5  41837F1800                    cmp     dword ptr [r15+18h],0
03BA  0F85E5000000                  jne     @04A5
03C0  49837F6800                    cmp     qword ptr [r15+68h],0
03C5  0F84CC000000                  je      @0497
03CB  49FF4F68                      dec     qword ptr [r15+68h]
03CF  4881C300100000                add     rbx,1000h
03D6  7CDD                          jl      short @03B5
03D8  E92AFEFFFF                    jmp     @0207
03DD  41837F1800                    cmp     dword ptr [r15+18h],0
03E2  0F85BD000000                  jne     @04A5
03E8  49837F6800                    cmp     qword ptr [r15+68h],0
03ED  0F84A4000000                  je      @0497
03F3  49FF4F68                      dec     qword ptr [r15+68h]
03F7  4881C300100000                add     rbx,1000h
03FE  7CDD                          jl      short @03DD
0400  E93FFEFFFF                    jmp     @0244
0405  41837F1800                    cmp     dword ptr [r15+18h],0
040A  0F8595000000                  jne     @04A5
0410  49837F6800                    cmp     qword ptr [r15+68h],0
0415  0F847C000000                  je      @0497
041B  49FF4F68                      dec     qword ptr [r15+68h]
041F  4881C300100000                add     rbx,1000h
0426  7CDD                          jl      short @0405
0428  E930FEFFFF                    jmp     @025D
042D  41837F1800                    cmp     dword ptr [r15+18h],0
0432  7571                          jne     short @04A5
0434  49837F6800                    cmp     qword ptr [r15+68h],0
0439  745C                          je      short @0497
043B  49FF4F68                      dec     qword ptr [r15+68h]
043F  4881C300100000                add     rbx,1000h
0446  7CE5                          jl      short @042D
0448  E92BFEFFFF                    jmp     @0278
044D  41837F1800                    cmp     dword ptr [r15+18h],0
0452  7551                          jne     short @04A5
0454  49837F6800                    cmp     qword ptr [r15+68h],0
0459  743C                          je      short @0497
045B  49FF4F68                      dec     qword ptr [r15+68h]
045F  4881C300100000                add     rbx,1000h
0466  7CE5                          jl      short @044D
0468  E947FEFFFF                    jmp     @02B4
046D  49895F10                      mov     [r15+10h],rbx
0471  B802010000                    mov     eax,102h
0476  E97AFBFFFF                    jmp     trap_exit
047B  49895F10                      mov     [r15+10h],rbx
047F  B805010000                    mov     eax,105h
0484  E96CFBFFFF                    jmp     trap_exit
0489  49895F10                      mov     [r15+10h],rbx
048D  B809010000                    mov     eax,109h
0492  E95EFBFFFF                    jmp     trap_exit
0497  49895F10                      mov     [r15+10h],rbx
049B  B80A010000                    mov     eax,10Ah
04A0  E950FBFFFF                    jmp     trap_exit
04A5  49895F10                      mov     [r15+10h],rbx
04A9  B80B010000                    mov     eax,10Bh
04AE  E942FBFFFF                    jmp     trap_exit

