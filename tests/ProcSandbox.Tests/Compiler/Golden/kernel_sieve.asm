func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F829D020000                  jb      @02BE
0021  4883EB01                      sub     rbx,1
0025  0F8C31010000                  jl      @015C
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  48C745F000000000              mov     qword ptr [rbp-10h],0
003B  48C745E800000000              mov     qword ptr [rbp-18h],0
0043  41BC00000000                  mov     r12d,0
0049  41BD00000000                  mov     r13d,0
004F  448B4D10                      mov     r9d,[rbp+10h]
0053  41B800000000                  mov     r8d,0
0059  41BD00000000                  mov     r13d,0
005F  4883EB01                      sub     rbx,1
0063  0F8C1B010000                  jl      @0184
0069  453BE9                        cmp     r13d,r9d
006C  7323                          jae     short @0091
006E  4C3BEE                        cmp     r13,rsi
0071  0F8739020000                  ja      @02B0
0077  43C6042E01                    mov     byte ptr [r14+r13],1
007C  4183C501                      add     r13d,1
0080  4883EB01                      sub     rbx,1
0084  0F8C22010000                  jl      @01AC
008A  453BE9                        cmp     r13d,r9d
008D  72DF                          jb      short @006E
008F  EB00                          jmp     short @0091
0091  41BD02000000                  mov     r13d,2
0097  4883EB01                      sub     rbx,1
009B  0F8C33010000                  jl      @01D4
00A1  418BFD                        mov     edi,r13d
00A4  410FAFFD                      imul    edi,r13d
00A8  413BF9                        cmp     edi,r9d
00AB  776B                          ja      short @0118
00AD  4C3BEE                        cmp     r13,rsi
00B0  0F87FA010000                  ja      @02B0
00B6  430FB63C2E                    movzx   edi,byte ptr [r14+r13]
00BB  85FF                          test    edi,edi
00BD  743C                          je      short @00FB
00BF  418BFD                        mov     edi,r13d
00C2  410FAFFD                      imul    edi,r13d
00C6  448BE7                        mov     r12d,edi
00C9  4883EB01                      sub     rbx,1
00CD  0F8C29010000                  jl      @01FC
00D3  453BE1                        cmp     r12d,r9d
00D6  7322                          jae     short @00FA
00D8  4C3BE6                        cmp     r12,rsi
00DB  0F87CF010000                  ja      @02B0
00E1  43C6042600                    mov     byte ptr [r14+r12],0
00E6  4503E5                        add     r12d,r13d
00E9  4883EB01                      sub     rbx,1
00ED  0F8C31010000                  jl      @0224
00F3  453BE1                        cmp     r12d,r9d
00F6  72E0                          jb      short @00D8
00F8  EB00                          jmp     short @00FA
00FA  90                            nop
00FB  90                            nop
00FC  4183C501                      add     r13d,1
0100  4883EB01                      sub     rbx,1
0104  0F8C42010000                  jl      @024C
010A  418BFD                        mov     edi,r13d
010D  410FAFFD                      imul    edi,r13d
0111  413BF9                        cmp     edi,r9d
0114  7697                          jbe     short @00AD
0116  EB00                          jmp     short @0118
0118  41BD02000000                  mov     r13d,2
011E  4883EB01                      sub     rbx,1
0122  0F8C48010000                  jl      @0270
0128  453BE9                        cmp     r13d,r9d
012B  7326                          jae     short @0153
012D  4C3BEE                        cmp     r13,rsi
0130  0F877A010000                  ja      @02B0
0136  430FB63C2E                    movzx   edi,byte ptr [r14+r13]
013B  4403C7                        add     r8d,edi
013E  4183C501                      add     r13d,1
0142  4883EB01                      sub     rbx,1
0146  0F8C44010000                  jl      @0290
014C  453BE9                        cmp     r13d,r9d
014F  72DC                          jb      short @012D
0151  EB00                          jmp     short @0153
0153  418BC0                        mov     eax,r8d
0156  49895F10                      mov     [r15+10h],rbx
015A  C9                            leave
015B  C3                            ret
015C  41837F1800                    cmp     dword ptr [r15+18h],0
0161  0F8573010000                  jne     @02DA
0167  49837F6800                    cmp     qword ptr [r15+68h],0
016C  0F845A010000                  je      @02CC
0172  49FF4F68                      dec     qword ptr [r15+68h]
0176  4881C300100000                add     rbx,1000h
017D  7CDD                          jl      short @015C
017F  E9A7FEFFFF                    jmp     @002B
0184  41837F1800                    cmp     dword ptr [r15+18h],0
0189  0F854B010000                  jne     @02DA
018F  49837F6800                    cmp     qword ptr [r15+68h],0
0194  0F8432010000                  je      @02CC
019A  49FF4F68                      dec     qword ptr [r15+68h]
019E  4881C300100000                add     rbx,1000h
01A5  7CDD                          jl      short @0184
01A7  E9BDFEFFFF                    jmp     @0069
01AC  41837F1800                    cmp     dword ptr [r15+18h],0
01B1  0F8523010000                  jne     @02DA
01B7  49837F6800                    cmp     qword ptr [r15+68h],0
01BC  0F840A010000                  je      @02CC
01C2  49FF4F68                      dec     qword ptr [r15+68h]
01C6  4881C300100000                add     rbx,1000h
01CD  7CDD                          jl      short @01AC
01CF  E9B6FEFFFF                    jmp     @008A
01D4  41837F1800                    cmp     dword ptr [r15+18h],0
01D9  0F85FB000000                  jne     @02DA
01DF  49837F6800                    cmp     qword ptr [r15+68h],0
01E4  0F84E2000000                  je      @02CC
01EA  49FF4F68                      dec     qword ptr [r15+68h]
01EE  4881C300100000                add     rbx,1000h
01F5  7CDD                          jl      short @01D4
01F7  E9A5FEFFFF                    jmp     @00A1
01FC  41837F1800                    cmp     dword ptr [r15+18h],0
0201  0F85D3000000                  jne     @02DA
0207  49837F6800                    cmp     qword ptr [r15+68h],0
020C  0F84BA000000                  je      @02CC
0212  49FF4F68                      dec     qword ptr [r15+68h]
0216  4881C300100000                add     rbx,1000h
021D  7CDD                          jl      short @01FC
021F  E9AFFEFFFF                    jmp     @00D3
0224  41837F1800                    cmp     dword ptr [r15+18h],0
0229  0F85AB000000                  jne     @02DA
022F  49837F6800                    cmp     qword ptr [r15+68h],0
0234  0F8492000000                  je      @02CC
023A  49FF4F68                      dec     qword ptr [r15+68h]
023E  4881C300100000                add     rbx,1000h
0245  7CDD                          jl      short @0224
0247  E9A7FEFFFF                    jmp     @00F3
024C  41837F1800                    cmp     dword ptr [r15+18h],0
0251  0F8583000000                  jne     @02DA
0257  49837F6800                    cmp     qword ptr [r15+68h],0
025C  746E                          je      short @02CC
025E  49FF4F68                      dec     qword ptr [r15+68h]
0262  4881C300100000                add     rbx,1000h
0269  7CE1                          jl      short @024C
026B  E99AFEFFFF                    jmp     @010A
0270  41837F1800                    cmp     dword ptr [r15+18h],0
0275  7563                          jne     short @02DA
0277  49837F6800                    cmp     qword ptr [r15+68h],0
027C  744E                          je      short @02CC
027E  49FF4F68                      dec     qword ptr [r15+68h]
0282  4881C300100000                add     rbx,1000h
0289  7CE5                          jl      short @0270
028B  E998FEFFFF                    jmp     @0128
0290  41837F1800                    cmp     dword ptr [r15+18h],0
0295  7543                          jne     short @02DA
0297  49837F6800                    cmp     qword ptr [r15+68h],0
029C  742E                          je      short @02CC
029E  49FF4F68                      dec     qword ptr [r15+68h]
02A2  4881C300100000                add     rbx,1000h
02A9  7CE5                          jl      short @0290
02AB  E99CFEFFFF                    jmp     @014C
02B0  49895F10                      mov     [r15+10h],rbx
02B4  B805010000                    mov     eax,105h
02B9  E937FDFFFF                    jmp     trap_exit
02BE  49895F10                      mov     [r15+10h],rbx
02C2  B809010000                    mov     eax,109h
02C7  E929FDFFFF                    jmp     trap_exit
02CC  49895F10                      mov     [r15+10h],rbx
02D0  B80A010000                    mov     eax,10Ah
02D5  E91BFDFFFF                    jmp     trap_exit
02DA  49895F10                      mov     [r15+10h],rbx
02DE  B80B010000                    mov     eax,10Bh
02E3  E90DFDFFFF                    jmp     trap_exit

