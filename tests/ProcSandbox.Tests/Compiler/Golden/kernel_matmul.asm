func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE08                      sub     rsi,8
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F82E6040000                  jb      @0507
0021  4883EB01                      sub     rbx,1
0025  0F8C18030000                  jl      @0343
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
00AB  0F8CBA020000                  jl      @036B
00B1  418BCD                        mov     ecx,r13d
00B4  410FAFCD                      imul    ecx,r13d
00B8  443BC1                        cmp     r8d,ecx
00BB  0F83D7000000                  jae     @0198
00C1  EB3D                          jmp     short @0100
00C3  90                            nop
00C4  90                            nop
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
0100  418BC8                        mov     ecx,r8d
0103  C1E103                        shl     ecx,3
0106  48894DB0                      mov     [rbp-50h],rcx
010A  B907000000                    mov     ecx,7
010F  418BC0                        mov     eax,r8d
0112  85C9                          test    ecx,ecx
0114  0F84D1030000                  je      @04EB
011A  31D2                          xor     edx,edx
011C  F7F1                          div     ecx
011E  0F57C0                        xorps   xmm0,xmm0
0121  8BD2                          mov     edx,edx
0123  F2480F2AC2                    cvtsi2sd xmm0,rdx
0128  448B5DB0                      mov     r11d,[rbp-50h]
012C  4C3BDE                        cmp     r11,rsi
012F  0F87C4030000                  ja      @04F9
0135  F2430F11041E                  movsd   [r14+r11],xmm0
013B  418BC8                        mov     ecx,r8d
013E  C1E103                        shl     ecx,3
0141  03CF                          add     ecx,edi
0143  48894DB0                      mov     [rbp-50h],rcx
0147  B905000000                    mov     ecx,5
014C  418BC0                        mov     eax,r8d
014F  85C9                          test    ecx,ecx
0151  0F8494030000                  je      @04EB
0157  31D2                          xor     edx,edx
0159  F7F1                          div     ecx
015B  0F57C0                        xorps   xmm0,xmm0
015E  8BD2                          mov     edx,edx
0160  F2480F2AC2                    cvtsi2sd xmm0,rdx
0165  448B5DB0                      mov     r11d,[rbp-50h]
0169  4C3BDE                        cmp     r11,rsi
016C  0F8787030000                  ja      @04F9
0172  F2430F11041E                  movsd   [r14+r11],xmm0
0178  4183C001                      add     r8d,1
017C  4883EB01                      sub     rbx,1
0180  0F8C0D020000                  jl      @0393
0186  418BCD                        mov     ecx,r13d
0189  410FAFCD                      imul    ecx,r13d
018D  443BC1                        cmp     r8d,ecx
0190  0F826AFFFFFF                  jb      @0100
0196  EB00                          jmp     short @0198
0198  41B800000000                  mov     r8d,0
019E  4883EB01                      sub     rbx,1
01A2  0F8C13020000                  jl      @03BB
01A8  453BC5                        cmp     r8d,r13d
01AB  0F8338010000                  jae     @02E9
01B1  EB0D                          jmp     short @01C0
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
01C0  41B900000000                  mov     r9d,0
01C6  4883EB01                      sub     rbx,1
01CA  0F8C13020000                  jl      @03E3
01D0  453BCD                        cmp     r9d,r13d
01D3  0F83F7000000                  jae     @02D0
01D9  EB25                          jmp     short @0200
01DB  90                            nop
01DC  90                            nop
01DD  90                            nop
01DE  90                            nop
01DF  90                            nop
01E0  90                            nop
01E1  90                            nop
01E2  90                            nop
01E3  90                            nop
01E4  90                            nop
01E5  90                            nop
01E6  90                            nop
01E7  90                            nop
01E8  90                            nop
01E9  90                            nop
01EA  90                            nop
01EB  90                            nop
01EC  90                            nop
01ED  90                            nop
01EE  90                            nop
01EF  90                            nop
01F0  90                            nop
01F1  90                            nop
01F2  90                            nop
01F3  90                            nop
01F4  90                            nop
01F5  90                            nop
01F6  90                            nop
01F7  90                            nop
01F8  90                            nop
01F9  90                            nop
01FA  90                            nop
01FB  90                            nop
01FC  90                            nop
01FD  90                            nop
01FE  90                            nop
01FF  90                            nop
0200  450F57F6                      xorps   xmm14,xmm14
0204  41BC00000000                  mov     r12d,0
020A  4883EB01                      sub     rbx,1
020E  0F8CF7010000                  jl      @040B
0214  453BE5                        cmp     r12d,r13d
0217  0F8377000000                  jae     @0294
021D  EB21                          jmp     short @0240
021F  90                            nop
0220  90                            nop
0221  90                            nop
0222  90                            nop
0223  90                            nop
0224  90                            nop
0225  90                            nop
0226  90                            nop
0227  90                            nop
0228  90                            nop
0229  90                            nop
022A  90                            nop
022B  90                            nop
022C  90                            nop
022D  90                            nop
022E  90                            nop
022F  90                            nop
0230  90                            nop
0231  90                            nop
0232  90                            nop
0233  90                            nop
0234  90                            nop
0235  90                            nop
0236  90                            nop
0237  90                            nop
0238  90                            nop
0239  90                            nop
023A  90                            nop
023B  90                            nop
023C  90                            nop
023D  90                            nop
023E  90                            nop
023F  90                            nop
0240  418BC8                        mov     ecx,r8d
0243  410FAFCD                      imul    ecx,r13d
0247  4103CC                        add     ecx,r12d
024A  C1E103                        shl     ecx,3
024D  483BCE                        cmp     rcx,rsi
0250  0F87A3020000                  ja      @04F9
0256  F2410F10040E                  movsd   xmm0,[r14+rcx]
025C  418BCC                        mov     ecx,r12d
025F  410FAFCD                      imul    ecx,r13d
0263  4103C9                        add     ecx,r9d
0266  C1E103                        shl     ecx,3
0269  03CF                          add     ecx,edi
026B  483BCE                        cmp     rcx,rsi
026E  0F8785020000                  ja      @04F9
0274  F2410F59040E                  mulsd   xmm0,[r14+rcx]
027A  F2440F58F0                    addsd   xmm14,xmm0
027F  4183C401                      add     r12d,1
0283  4883EB01                      sub     rbx,1
0287  0F8CA6010000                  jl      @0433
028D  453BE5                        cmp     r12d,r13d
0290  72AE                          jb      short @0240
0292  EB00                          jmp     short @0294
0294  418BC8                        mov     ecx,r8d
0297  410FAFCD                      imul    ecx,r13d
029B  4103C9                        add     ecx,r9d
029E  C1E103                        shl     ecx,3
02A1  034DC8                        add     ecx,[rbp-38h]
02A4  410F28C6                      movaps  xmm0,xmm14
02A8  483BCE                        cmp     rcx,rsi
02AB  0F8748020000                  ja      @04F9
02B1  F2410F11040E                  movsd   [r14+rcx],xmm0
02B7  4183C101                      add     r9d,1
02BB  4883EB01                      sub     rbx,1
02BF  0F8C96010000                  jl      @045B
02C5  453BCD                        cmp     r9d,r13d
02C8  0F8232FFFFFF                  jb      @0200
02CE  EB00                          jmp     short @02D0
02D0  4183C001                      add     r8d,1
02D4  4883EB01                      sub     rbx,1
02D8  0F8CA5010000                  jl      @0483
02DE  453BC5                        cmp     r8d,r13d
02E1  0F82D9FEFFFF                  jb      @01C0
02E7  EB00                          jmp     short @02E9
02E9  41B800000000                  mov     r8d,0
02EF  4883EB01                      sub     rbx,1
02F3  0F8CB2010000                  jl      @04AB
02F9  453BC5                        cmp     r8d,r13d
02FC  733B                          jae     short @0339
02FE  EB00                          jmp     short @0300
0300  418BC8                        mov     ecx,r8d
0303  410FAFCD                      imul    ecx,r13d
0307  4103C8                        add     ecx,r8d
030A  C1E103                        shl     ecx,3
030D  034DC8                        add     ecx,[rbp-38h]
0310  483BCE                        cmp     rcx,rsi
0313  0F87E0010000                  ja      @04F9
0319  F2410F10040E                  movsd   xmm0,[r14+rcx]
031F  F2440F58E8                    addsd   xmm13,xmm0
0324  4183C001                      add     r8d,1
0328  4883EB01                      sub     rbx,1
032C  0F8C99010000                  jl      @04CB
0332  453BC5                        cmp     r8d,r13d
0335  72C9                          jb      short @0300
0337  EB00                          jmp     short @0339
0339  410F28C5                      movaps  xmm0,xmm13
033D  49895F10                      mov     [r15+10h],rbx
0341  C9                            leave
0342  C3                            ret
0343  41837F1800                    cmp     dword ptr [r15+18h],0
0348  0F85D5010000                  jne     @0523
034E  49837F6800                    cmp     qword ptr [r15+68h],0
0353  0F84BC010000                  je      @0515
0359  49FF4F68                      dec     qword ptr [r15+68h]
035D  4881C300100000                add     rbx,1000h
0364  7CDD                          jl      short @0343
0366  E9C0FCFFFF                    jmp     @002B
036B  41837F1800                    cmp     dword ptr [r15+18h],0
0370  0F85AD010000                  jne     @0523
0376  49837F6800                    cmp     qword ptr [r15+68h],0
037B  0F8494010000                  je      @0515
0381  49FF4F68                      dec     qword ptr [r15+68h]
0385  4881C300100000                add     rbx,1000h
038C  7CDD                          jl      short @036B
038E  E91EFDFFFF                    jmp     @00B1
0393  41837F1800                    cmp     dword ptr [r15+18h],0
0398  0F8585010000                  jne     @0523
039E  49837F6800                    cmp     qword ptr [r15+68h],0
03A3  0F846C010000                  je      @0515
03A9  49FF4F68                      dec     qword ptr [r15+68h]
03AD  4881C300100000                add     rbx,1000h
03B4  7CDD                          jl      short @0393
03B6  E9CBFDFFFF                    jmp     @0186
03BB  41837F1800                    cmp     dword ptr [r15+18h],0
03C0  0F855D010000                  jne     @0523
03C6  49837F6800                    cmp     qword ptr [r15+68h],0
03CB  0F8444010000                  je      @0515
03D1  49FF4F68                      dec     qword ptr [r15+68h]
03D5  4881C300100000                add     rbx,1000h
03DC  7CDD                          jl      short @03BB
03DE  E9C5FDFFFF                    jmp     @01A8
03E3  41837F1800                    cmp     dword ptr [r15+18h],0
03E8  0F8535010000                  jne     @0523
03EE  49837F6800                    cmp     qword ptr [r15+68h],0
03F3  0F841C010000                  je      @0515
03F9  49FF4F68                      dec     qword ptr [r15+68h]
03FD  4881C300100000                add     rbx,1000h
0404  7CDD                          jl      short @03E3
0406  E9C5FDFFFF                    jmp     @01D0
040B  41837F1800                    cmp     dword ptr [r15+18h],0
0410  0F850D010000                  jne     @0523
0416  49837F6800                    cmp     qword ptr [r15+68h],0
041B  0F84F4000000                  je      @0515
0421  49FF4F68                      dec     qword ptr [r15+68h]
0425  4881C300100000                add     rbx,1000h
042C  7CDD                          jl      short @040B
042E  E9E1FDFFFF                    jmp     @0214
0433  41837F1800                    cmp     dword ptr [r15+18h],0
0438  0F85E5000000                  jne     @0523
043E  49837F6800                    cmp     qword ptr [r15+68h],0
0443  0F84CC000000                  je      @0515
0449  49FF4F68                      dec     qword ptr [r15+68h]
044D  4881C300100000                add     rbx,1000h
0454  7CDD                          jl      short @0433
0456  E932FEFFFF                    jmp     @028D
045B  41837F1800                    cmp     dword ptr [r15+18h],0
0460  0F85BD000000                  jne     @0523
0466  49837F6800                    cmp     qword ptr [r15+68h],0
046B  0F84A4000000                  je      @0515
0471  49FF4F68                      dec     qword ptr [r15+68h]
0475  4881C300100000                add     rbx,1000h
047C  7CDD                          jl      short @045B
047E  E942FEFFFF                    jmp     @02C5
0483  41837F1800                    cmp     dword ptr [r15+18h],0
0488  0F8595000000                  jne     @0523
048E  49837F6800                    cmp     qword ptr [r15+68h],0
0493  0F847C000000                  je      @0515
0499  49FF4F68                      dec     qword ptr [r15+68h]
049D  4881C300100000                add     rbx,1000h
04A4  7CDD                          jl      short @0483
04A6  E933FEFFFF                    jmp     @02DE
04AB  41837F1800                    cmp     dword ptr [r15+18h],0
04B0  7571                          jne     short @0523
04B2  49837F6800                    cmp     qword ptr [r15+68h],0
04B7  745C                          je      short @0515
04B9  49FF4F68                      dec     qword ptr [r15+68h]
04BD  4881C300100000                add     rbx,1000h
04C4  7CE5                          jl      short @04AB
04C6  E92EFEFFFF                    jmp     @02F9
04CB  41837F1800                    cmp     dword ptr [r15+18h],0
04D0  7551                          jne     short @0523
04D2  49837F6800                    cmp     qword ptr [r15+68h],0
04D7  743C                          je      short @0515
04D9  49FF4F68                      dec     qword ptr [r15+68h]
04DD  4881C300100000                add     rbx,1000h
04E4  7CE5                          jl      short @04CB
04E6  E947FEFFFF                    jmp     @0332
04EB  49895F10                      mov     [r15+10h],rbx
04EF  B802010000                    mov     eax,102h
04F4  E9C2FAFFFF                    jmp     trap_exit
04F9  49895F10                      mov     [r15+10h],rbx
04FD  B805010000                    mov     eax,105h
0502  E9B4FAFFFF                    jmp     trap_exit
0507  49895F10                      mov     [r15+10h],rbx
050B  B809010000                    mov     eax,109h
0510  E9A6FAFFFF                    jmp     trap_exit
0515  49895F10                      mov     [r15+10h],rbx
0519  B80A010000                    mov     eax,10Ah
051E  E998FAFFFF                    jmp     trap_exit
0523  49895F10                      mov     [r15+10h],rbx
0527  B80B010000                    mov     eax,10Bh
052C  E98AFAFFFF                    jmp     trap_exit

