func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8230030000                  jb      @0351
0021  4883EB01                      sub     rbx,1
0025  0F8CC4010000                  jl      @01EF
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  48C745E800000000              mov     qword ptr [rbp-18h],0
0043  41BC00000000                  mov     r12d,0
0049  41BD00000000                  mov     r13d,0
004F  448B4D10                      mov     r9d,[rbp+10h]
0053  41B800000000                  mov     r8d,0
0059  41BD00000000                  mov     r13d,0
005F  4883EB01                      sub     rbx,1
0063  0F8CAE010000                  jl      @0217
0069  453BE9                        cmp     r13d,r9d
006C  7335                          jae     short @00A3
006E  EB10                          jmp     short @0080
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
0080  4C3BEE                        cmp     r13,rsi
0083  0F87BA020000                  ja      @0343
0089  43C6042E01                    mov     byte ptr [r14+r13],1
008E  4183C501                      add     r13d,1
0092  4883EB01                      sub     rbx,1
0096  0F8CA3010000                  jl      @023F
009C  453BE9                        cmp     r13d,r9d
009F  72DF                          jb      short @0080
00A1  EB00                          jmp     short @00A3
00A3  41BD02000000                  mov     r13d,2
00A9  4883EB01                      sub     rbx,1
00AD  0F8CB4010000                  jl      @0267
00B3  418BFD                        mov     edi,r13d
00B6  410FAFFD                      imul    edi,r13d
00BA  413BF9                        cmp     edi,r9d
00BD  0F87C1000000                  ja      @0184
00C3  EB3B                          jmp     short @0100
00C5  90                            nop
00C6  90                            nop
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
0100  4C3BEE                        cmp     r13,rsi
0103  0F873A020000                  ja      @0343
0109  430FB63C2E                    movzx   edi,byte ptr [r14+r13]
010E  85FF                          test    edi,edi
0110  0F844D000000                  je      @0163
0116  418BFD                        mov     edi,r13d
0119  410FAFFD                      imul    edi,r13d
011D  448BE7                        mov     r12d,edi
0120  4883EB01                      sub     rbx,1
0124  0F8C65010000                  jl      @028F
012A  453BE1                        cmp     r12d,r9d
012D  7333                          jae     short @0162
012F  EB0F                          jmp     short @0140
0131  90                            nop
0132  90                            nop
0133  90                            nop
0134  90                            nop
0135  90                            nop
0136  90                            nop
0137  90                            nop
0138  90                            nop
0139  90                            nop
013A  90                            nop
013B  90                            nop
013C  90                            nop
013D  90                            nop
013E  90                            nop
013F  90                            nop
0140  4C3BE6                        cmp     r12,rsi
0143  0F87FA010000                  ja      @0343
0149  43C6042600                    mov     byte ptr [r14+r12],0
014E  4503E5                        add     r12d,r13d
0151  4883EB01                      sub     rbx,1
0155  0F8C5C010000                  jl      @02B7
015B  453BE1                        cmp     r12d,r9d
015E  72E0                          jb      short @0140
0160  EB00                          jmp     short @0162
0162  90                            nop
0163  90                            nop
0164  4183C501                      add     r13d,1
0168  4883EB01                      sub     rbx,1
016C  0F8C6D010000                  jl      @02DF
0172  418BFD                        mov     edi,r13d
0175  410FAFFD                      imul    edi,r13d
0179  413BF9                        cmp     edi,r9d
017C  0F867EFFFFFF                  jbe     @0100
0182  EB00                          jmp     short @0184
0184  41BD02000000                  mov     r13d,2
018A  4883EB01                      sub     rbx,1
018E  0F8C6F010000                  jl      @0303
0194  453BE9                        cmp     r13d,r9d
0197  734D                          jae     short @01E6
0199  EB25                          jmp     short @01C0
019B  90                            nop
019C  90                            nop
019D  90                            nop
019E  90                            nop
019F  90                            nop
01A0  90                            nop
01A1  90                            nop
01A2  90                            nop
01A3  90                            nop
01A4  90                            nop
01A5  90                            nop
01A6  90                            nop
01A7  90                            nop
01A8  90                            nop
01A9  90                            nop
01AA  90                            nop
01AB  90                            nop
01AC  90                            nop
01AD  90                            nop
01AE  90                            nop
01AF  90                            nop
01B0  90                            nop
01B1  90                            nop
01B2  90                            nop
01B3  90                            nop
01B4  90                            nop
01B5  90                            nop
01B6  90                            nop
01B7  90                            nop
01B8  90                            nop
01B9  90                            nop
01BA  90                            nop
01BB  90                            nop
01BC  90                            nop
01BD  90                            nop
01BE  90                            nop
01BF  90                            nop
01C0  4C3BEE                        cmp     r13,rsi
01C3  0F877A010000                  ja      @0343
01C9  430FB63C2E                    movzx   edi,byte ptr [r14+r13]
01CE  4403C7                        add     r8d,edi
01D1  4183C501                      add     r13d,1
01D5  4883EB01                      sub     rbx,1
01D9  0F8C44010000                  jl      @0323
01DF  453BE9                        cmp     r13d,r9d
01E2  72DC                          jb      short @01C0
01E4  EB00                          jmp     short @01E6
01E6  418BC0                        mov     eax,r8d
01E9  49895F10                      mov     [r15+10h],rbx
01ED  C9                            leave
01EE  C3                            ret
01EF  41837F1800                    cmp     dword ptr [r15+18h],0
01F4  0F8573010000                  jne     @036D
01FA  49837F6800                    cmp     qword ptr [r15+68h],0
01FF  0F845A010000                  je      @035F
0205  49FF4F68                      dec     qword ptr [r15+68h]
0209  4881C300100000                add     rbx,1000h
0210  7CDD                          jl      short @01EF
0212  E914FEFFFF                    jmp     @002B
0217  41837F1800                    cmp     dword ptr [r15+18h],0
021C  0F854B010000                  jne     @036D
0222  49837F6800                    cmp     qword ptr [r15+68h],0
0227  0F8432010000                  je      @035F
022D  49FF4F68                      dec     qword ptr [r15+68h]
0231  4881C300100000                add     rbx,1000h
0238  7CDD                          jl      short @0217
023A  E92AFEFFFF                    jmp     @0069
023F  41837F1800                    cmp     dword ptr [r15+18h],0
0244  0F8523010000                  jne     @036D
024A  49837F6800                    cmp     qword ptr [r15+68h],0
024F  0F840A010000                  je      @035F
0255  49FF4F68                      dec     qword ptr [r15+68h]
0259  4881C300100000                add     rbx,1000h
0260  7CDD                          jl      short @023F
0262  E935FEFFFF                    jmp     @009C
0267  41837F1800                    cmp     dword ptr [r15+18h],0
026C  0F85FB000000                  jne     @036D
0272  49837F6800                    cmp     qword ptr [r15+68h],0
0277  0F84E2000000                  je      @035F
027D  49FF4F68                      dec     qword ptr [r15+68h]
0281  4881C300100000                add     rbx,1000h
0288  7CDD                          jl      short @0267
028A  E924FEFFFF                    jmp     @00B3
028F  41837F1800                    cmp     dword ptr [r15+18h],0
0294  0F85D3000000                  jne     @036D
029A  49837F6800                    cmp     qword ptr [r15+68h],0
029F  0F84BA000000                  je      @035F
02A5  49FF4F68                      dec     qword ptr [r15+68h]
02A9  4881C300100000                add     rbx,1000h
02B0  7CDD                          jl      short @028F
02B2  E973FEFFFF                    jmp     @012A
02B7  41837F1800                    cmp     dword ptr [r15+18h],0
02BC  0F85AB000000                  jne     @036D
02C2  49837F6800                    cmp     qword ptr [r15+68h],0
02C7  0F8492000000                  je      @035F
02CD  49FF4F68                      dec     qword ptr [r15+68h]
02D1  4881C300100000                add     rbx,1000h
02D8  7CDD                          jl      short @02B7
02DA  E97CFEFFFF                    jmp     @015B
02DF  41837F1800                    cmp     dword ptr [r15+18h],0
02E4  0F8583000000                  jne     @036D
02EA  49837F6800                    cmp     qword ptr [r15+68h],0
02EF  746E                          je      short @035F
02F1  49FF4F68                      dec     qword ptr [r15+68h]
02F5  4881C300100000                add     rbx,1000h
02FC  7CE1                          jl      short @02DF
02FE  E96FFEFFFF                    jmp     @0172
0303  41837F1800                    cmp     dword ptr [r15+18h],0
0308  7563                          jne     short @036D
030A  49837F6800                    cmp     qword ptr [r15+68h],0
030F  744E                          je      short @035F
0311  49FF4F68                      dec     qword ptr [r15+68h]
0315  4881C300100000                add     rbx,1000h
031C  7CE5                          jl      short @0303
031E  E971FEFFFF                    jmp     @0194
0323  41837F1800                    cmp     dword ptr [r15+18h],0
0328  7543                          jne     short @036D
032A  49837F6800                    cmp     qword ptr [r15+68h],0
032F  742E                          je      short @035F
0331  49FF4F68                      dec     qword ptr [r15+68h]
0335  4881C300100000                add     rbx,1000h
033C  7CE5                          jl      short @0323
033E  E99CFEFFFF                    jmp     @01DF
0343  49895F10                      mov     [r15+10h],rbx
0347  B805010000                    mov     eax,105h
034C  E96AFCFFFF                    jmp     trap_exit
0351  49895F10                      mov     [r15+10h],rbx
0355  B809010000                    mov     eax,109h
035A  E95CFCFFFF                    jmp     trap_exit
035F  49895F10                      mov     [r15+10h],rbx
0363  B80A010000                    mov     eax,10Ah
0368  E94EFCFFFF                    jmp     trap_exit
036D  49895F10                      mov     [r15+10h],rbx
0371  B80B010000                    mov     eax,10Bh
0376  E940FCFFFF                    jmp     trap_exit

