func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F82A9020000                  jb      @02CA
0021  4883EB01                      sub     rbx,1
0025  0F8C3D010000                  jl      @0168
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  48C745E800000000              mov     qword ptr [rbp-18h],0
0043  41BC00000000                  mov     r12d,0
0049  41BD00000000                  mov     r13d,0
004F  448B4D10                      mov     r9d,[rbp+10h]
0053  41B800000000                  mov     r8d,0
0059  41BD00000000                  mov     r13d,0
005F  4883EB01                      sub     rbx,1
0063  0F8C27010000                  jl      @0190
0069  453BE9                        cmp     r13d,r9d
006C  7326                          jae     short @0094
006E  458BDD                        mov     r11d,r13d
0071  4C3BDE                        cmp     r11,rsi
0074  0F8742020000                  ja      @02BC
007A  43C6041E01                    mov     byte ptr [r14+r11],1
007F  4183C501                      add     r13d,1
0083  4883EB01                      sub     rbx,1
0087  0F8C2B010000                  jl      @01B8
008D  453BE9                        cmp     r13d,r9d
0090  72DC                          jb      short @006E
0092  EB00                          jmp     short @0094
0094  41BD02000000                  mov     r13d,2
009A  4883EB01                      sub     rbx,1
009E  0F8C3C010000                  jl      @01E0
00A4  418BFD                        mov     edi,r13d
00A7  410FAFFD                      imul    edi,r13d
00AB  413BF9                        cmp     edi,r9d
00AE  7771                          ja      short @0121
00B0  458BDD                        mov     r11d,r13d
00B3  4C3BDE                        cmp     r11,rsi
00B6  0F8700020000                  ja      @02BC
00BC  430FB63C1E                    movzx   edi,byte ptr [r14+r11]
00C1  85FF                          test    edi,edi
00C3  743F                          je      short @0104
00C5  418BFD                        mov     edi,r13d
00C8  410FAFFD                      imul    edi,r13d
00CC  448BE7                        mov     r12d,edi
00CF  4883EB01                      sub     rbx,1
00D3  0F8C2F010000                  jl      @0208
00D9  453BE1                        cmp     r12d,r9d
00DC  7325                          jae     short @0103
00DE  458BDC                        mov     r11d,r12d
00E1  4C3BDE                        cmp     r11,rsi
00E4  0F87D2010000                  ja      @02BC
00EA  43C6041E00                    mov     byte ptr [r14+r11],0
00EF  4503E5                        add     r12d,r13d
00F2  4883EB01                      sub     rbx,1
00F6  0F8C34010000                  jl      @0230
00FC  453BE1                        cmp     r12d,r9d
00FF  72DD                          jb      short @00DE
0101  EB00                          jmp     short @0103
0103  90                            nop
0104  90                            nop
0105  4183C501                      add     r13d,1
0109  4883EB01                      sub     rbx,1
010D  0F8C45010000                  jl      @0258
0113  418BFD                        mov     edi,r13d
0116  410FAFFD                      imul    edi,r13d
011A  413BF9                        cmp     edi,r9d
011D  7691                          jbe     short @00B0
011F  EB00                          jmp     short @0121
0121  41BD02000000                  mov     r13d,2
0127  4883EB01                      sub     rbx,1
012B  0F8C4B010000                  jl      @027C
0131  453BE9                        cmp     r13d,r9d
0134  7329                          jae     short @015F
0136  458BDD                        mov     r11d,r13d
0139  4C3BDE                        cmp     r11,rsi
013C  0F877A010000                  ja      @02BC
0142  430FB63C1E                    movzx   edi,byte ptr [r14+r11]
0147  4403C7                        add     r8d,edi
014A  4183C501                      add     r13d,1
014E  4883EB01                      sub     rbx,1
0152  0F8C44010000                  jl      @029C
0158  453BE9                        cmp     r13d,r9d
015B  72D9                          jb      short @0136
015D  EB00                          jmp     short @015F
015F  418BC0                        mov     eax,r8d
0162  49895F10                      mov     [r15+10h],rbx
0166  C9                            leave
0167  C3                            ret
0168  41837F1800                    cmp     dword ptr [r15+18h],0
016D  0F8573010000                  jne     @02E6
0173  49837F6800                    cmp     qword ptr [r15+68h],0
0178  0F845A010000                  je      @02D8
017E  49FF4F68                      dec     qword ptr [r15+68h]
0182  4881C300100000                add     rbx,1000h
0189  7CDD                          jl      short @0168
018B  E99BFEFFFF                    jmp     @002B
0190  41837F1800                    cmp     dword ptr [r15+18h],0
0195  0F854B010000                  jne     @02E6
019B  49837F6800                    cmp     qword ptr [r15+68h],0
01A0  0F8432010000                  je      @02D8
01A6  49FF4F68                      dec     qword ptr [r15+68h]
01AA  4881C300100000                add     rbx,1000h
01B1  7CDD                          jl      short @0190
01B3  E9B1FEFFFF                    jmp     @0069
01B8  41837F1800                    cmp     dword ptr [r15+18h],0
01BD  0F8523010000                  jne     @02E6
01C3  49837F6800                    cmp     qword ptr [r15+68h],0
01C8  0F840A010000                  je      @02D8
01CE  49FF4F68                      dec     qword ptr [r15+68h]
01D2  4881C300100000                add     rbx,1000h
01D9  7CDD                          jl      short @01B8
01DB  E9ADFEFFFF                    jmp     @008D
01E0  41837F1800                    cmp     dword ptr [r15+18h],0
01E5  0F85FB000000                  jne     @02E6
01EB  49837F6800                    cmp     qword ptr [r15+68h],0
01F0  0F84E2000000                  je      @02D8
01F6  49FF4F68                      dec     qword ptr [r15+68h]
01FA  4881C300100000                add     rbx,1000h
0201  7CDD                          jl      short @01E0
0203  E99CFEFFFF                    jmp     @00A4
0208  41837F1800                    cmp     dword ptr [r15+18h],0
020D  0F85D3000000                  jne     @02E6
0213  49837F6800                    cmp     qword ptr [r15+68h],0
0218  0F84BA000000                  je      @02D8
021E  49FF4F68                      dec     qword ptr [r15+68h]
0222  4881C300100000                add     rbx,1000h
0229  7CDD                          jl      short @0208
022B  E9A9FEFFFF                    jmp     @00D9
0230  41837F1800                    cmp     dword ptr [r15+18h],0
0235  0F85AB000000                  jne     @02E6
023B  49837F6800                    cmp     qword ptr [r15+68h],0
0240  0F8492000000                  je      @02D8
0246  49FF4F68                      dec     qword ptr [r15+68h]
024A  4881C300100000                add     rbx,1000h
0251  7CDD                          jl      short @0230
0253  E9A4FEFFFF                    jmp     @00FC
0258  41837F1800                    cmp     dword ptr [r15+18h],0
025D  0F8583000000                  jne     @02E6
0263  49837F6800                    cmp     qword ptr [r15+68h],0
0268  746E                          je      short @02D8
026A  49FF4F68                      dec     qword ptr [r15+68h]
026E  4881C300100000                add     rbx,1000h
0275  7CE1                          jl      short @0258
0277  E997FEFFFF                    jmp     @0113
027C  41837F1800                    cmp     dword ptr [r15+18h],0
0281  7563                          jne     short @02E6
0283  49837F6800                    cmp     qword ptr [r15+68h],0
0288  744E                          je      short @02D8
028A  49FF4F68                      dec     qword ptr [r15+68h]
028E  4881C300100000                add     rbx,1000h
0295  7CE5                          jl      short @027C
0297  E995FEFFFF                    jmp     @0131
029C  41837F1800                    cmp     dword ptr [r15+18h],0
02A1  7543                          jne     short @02E6
02A3  49837F6800                    cmp     qword ptr [r15+68h],0
02A8  742E                          je      short @02D8
02AA  49FF4F68                      dec     qword ptr [r15+68h]
02AE  4881C300100000                add     rbx,1000h
02B5  7CE5                          jl      short @029C
02B7  E99CFEFFFF                    jmp     @0158
02BC  49895F10                      mov     [r15+10h],rbx
02C0  B805010000                    mov     eax,105h
02C5  E92BFDFFFF                    jmp     trap_exit
02CA  49895F10                      mov     [r15+10h],rbx
02CE  B809010000                    mov     eax,109h
02D3  E91DFDFFFF                    jmp     trap_exit
02D8  49895F10                      mov     [r15+10h],rbx
02DC  B80A010000                    mov     eax,10Ah
02E1  E90FFDFFFF                    jmp     trap_exit
02E6  49895F10                      mov     [r15+10h],rbx
02EA  B80B010000                    mov     eax,10Bh
02EF  E901FDFFFF                    jmp     trap_exit

