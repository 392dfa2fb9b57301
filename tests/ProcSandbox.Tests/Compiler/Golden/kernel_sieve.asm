func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  493B6720                      cmp     rsp,[r15+20h]
0017  0F82BD020000                  jb      @02DA
001D  4883EB01                      sub     rbx,1
0021  0F8C51010000                  jl      @0178
0027  48C745F800000000              mov     qword ptr [rbp-8],0
002F  48C745F000000000              mov     qword ptr [rbp-10h],0
0037  48C745E800000000              mov     qword ptr [rbp-18h],0
003F  41BC00000000                  mov     r12d,0
0045  41BD00000000                  mov     r13d,0
004B  448B4D10                      mov     r9d,[rbp+10h]
004F  41B800000000                  mov     r8d,0
0055  41BD00000000                  mov     r13d,0
005B  4883EB01                      sub     rbx,1
005F  0F8C3B010000                  jl      @01A0
0065  453BE9                        cmp     r13d,r9d
0068  732B                          jae     short @0095
006A  458BDD                        mov     r11d,r13d
006D  4983C301                      add     r11,1
0071  4C3BDE                        cmp     r11,rsi
0074  0F8752020000                  ja      @02CC
007A  43C6441EFF01                  mov     byte ptr [r14+r11-1],1
0080  4183C501                      add     r13d,1
0084  4883EB01                      sub     rbx,1
0088  0F8C3A010000                  jl      @01C8
008E  453BE9                        cmp     r13d,r9d
0091  72D7                          jb      short @006A
0093  EB00                          jmp     short @0095
0095  41BD02000000                  mov     r13d,2
009B  4883EB01                      sub     rbx,1
009F  0F8C4B010000                  jl      @01F0
00A5  418BFD                        mov     edi,r13d
00A8  410FAFFD                      imul    edi,r13d
00AC  413BF9                        cmp     edi,r9d
00AF  777B                          ja      short @012C
00B1  458BDD                        mov     r11d,r13d
00B4  4983C301                      add     r11,1
00B8  4C3BDE                        cmp     r11,rsi
00BB  0F870B020000                  ja      @02CC
00C1  430FB67C1EFF                  movzx   edi,byte ptr [r14+r11-1]
00C7  85FF                          test    edi,edi
00C9  7444                          je      short @010F
00CB  418BFD                        mov     edi,r13d
00CE  410FAFFD                      imul    edi,r13d
00D2  448BE7                        mov     r12d,edi
00D5  4883EB01                      sub     rbx,1
00D9  0F8C39010000                  jl      @0218
00DF  453BE1                        cmp     r12d,r9d
00E2  732A                          jae     short @010E
00E4  458BDC                        mov     r11d,r12d
00E7  4983C301                      add     r11,1
00EB  4C3BDE                        cmp     r11,rsi
00EE  0F87D8010000                  ja      @02CC
00F4  43C6441EFF00                  mov     byte ptr [r14+r11-1],0
00FA  4503E5                        add     r12d,r13d
00FD  4883EB01                      sub     rbx,1
0101  0F8C39010000                  jl      @0240
0107  453BE1                        cmp     r12d,r9d
010A  72D8                          jb      short @00E4
010C  EB00                          jmp     short @010E
010E  90                            nop
010F  90                            nop
0110  4183C501                      add     r13d,1
0114  4883EB01                      sub     rbx,1
0118  0F8C4A010000                  jl      @0268
011E  418BFD                        mov     edi,r13d
0121  410FAFFD                      imul    edi,r13d
0125  413BF9                        cmp     edi,r9d
0128  7687                          jbe     short @00B1
012A  EB00                          jmp     short @012C
012C  41BD02000000                  mov     r13d,2
0132  4883EB01                      sub     rbx,1
0136  0F8C50010000                  jl      @028C
013C  453BE9                        cmp     r13d,r9d
013F  732E                          jae     short @016F
0141  458BDD                        mov     r11d,r13d
0144  4983C301                      add     r11,1
0148  4C3BDE                        cmp     r11,rsi
014B  0F877B010000                  ja      @02CC
0151  430FB67C1EFF                  movzx   edi,byte ptr [r14+r11-1]
0157  4403C7                        add     r8d,edi
015A  4183C501                      add     r13d,1
015E  4883EB01                      sub     rbx,1
0162  0F8C44010000                  jl      @02AC
0168  453BE9                        cmp     r13d,r9d
016B  72D4                          jb      short @0141
016D  EB00                          jmp     short @016F
016F  418BC0                        mov     eax,r8d
0172  49895F10                      mov     [r15+10h],rbx
0176  C9                            leave
0177  C3                            ret
0178  41837F1800                    cmp     dword ptr [r15+18h],0
017D  0F8573010000                  jne     @02F6
0183  49837F6800                    cmp     qword ptr [r15+68h],0
0188  0F845A010000                  je      @02E8
018E  49FF4F68                      dec     qword ptr [r15+68h]
0192  4881C300100000                add     rbx,1000h
0199  7CDD                          jl      short @0178
019B  E987FEFFFF                    jmp     @0027
01A0  41837F1800                    cmp     dword ptr [r15+18h],0
01A5  0F854B010000                  jne     @02F6
01AB  49837F6800                    cmp     qword ptr [r15+68h],0
01B0  0F8432010000                  je      @02E8
01B6  49FF4F68                      dec     qword ptr [r15+68h]
01BA  4881C300100000                add     rbx,1000h
01C1  7CDD                          jl      short @01A0
01C3  E99DFEFFFF                    jmp     @0065
01C8  41837F1800                    cmp     dword ptr [r15+18h],0
01CD  0F8523010000                  jne     @02F6
01D3  49837F6800                    cmp     qword ptr [r15+68h],0
01D8  0F840A010000                  je      @02E8
01DE  49FF4F68                      dec     qword ptr [r15+68h]
01E2  4881C300100000                add     rbx,1000h
01E9  7CDD                          jl      short @01C8
01EB  E99EFEFFFF                    jmp     @008E
01F0  41837F1800                    cmp     dword ptr [r15+18h],0
01F5  0F85FB000000                  jne     @02F6
01FB  49837F6800                    cmp     qword ptr [r15+68h],0
0200  0F84E2000000                  je      @02E8
0206  49FF4F68                      dec     qword ptr [r15+68h]
020A  4881C300100000                add     rbx,1000h
0211  7CDD                          jl      short @01F0
0213  E98DFEFFFF                    jmp     @00A5
0218  41837F1800                    cmp     dword ptr [r15+18h],0
021D  0F85D3000000                  jne     @02F6
0223  49837F6800                    cmp     qword ptr [r15+68h],0
0228  0F84BA000000                  je      @02E8
022E  49FF4F68                      dec     qword ptr [r15+68h]
0232  4881C300100000                add     rbx,1000h
0239  7CDD                          jl      short @0218
023B  E99FFEFFFF                    jmp     @00DF
0240  41837F1800                    cmp     dword ptr [r15+18h],0
0245  0F85AB000000                  jne     @02F6
024B  49837F6800                    cmp     qword ptr [r15+68h],0
0250  0F8492000000                  je      @02E8
0256  49FF4F68                      dec     qword ptr [r15+68h]
025A  4881C300100000                add     rbx,1000h
0261  7CDD                          jl      short @0240
0263  E99FFEFFFF                    jmp     @0107
0268  41837F1800                    cmp     dword ptr [r15+18h],0
026D  0F8583000000                  jne     @02F6
0273  49837F6800                    cmp     qword ptr [r15+68h],0
0278  746E                          je      short @02E8
027A  49FF4F68                      dec     qword ptr [r15+68h]
027E  4881C300100000                add     rbx,1000h
0285  7CE1                          jl      short @0268
0287  E992FEFFFF                    jmp     @011E
028C  41837F1800                    cmp     dword ptr [r15+18h],0
0291  7563                          jne     short @02F6
0293  49837F6800                    cmp     qword ptr [r15+68h],0
0298  744E                          je      short @02E8
029A  49FF4F68                      dec     qword ptr [r15+68h]
029E  4881C300100000                add     rbx,1000h
02A5  7CE5                          jl      short @028C
02A7  E990FEFFFF                    jmp     @013C
02AC  41837F1800                    cmp     dword ptr [r15+18h],0
02B1  7543                          jne     short @02F6
02B3  49837F6800                    cmp     qword ptr [r15+68h],0
02B8  742E                          je      short @02E8
02BA  49FF4F68                      dec     qword ptr [r15+68h]
02BE  4881C300100000                add     rbx,1000h
02C5  7CE5                          jl      short @02AC
02C7  E99CFEFFFF                    jmp     @0168
02CC  49895F10                      mov     [r15+10h],rbx
02D0  B805010000                    mov     eax,105h
02D5  E91BFDFFFF                    jmp     trap_exit
02DA  49895F10                      mov     [r15+10h],rbx
02DE  B809010000                    mov     eax,109h
02E3  E90DFDFFFF                    jmp     trap_exit
02E8  49895F10                      mov     [r15+10h],rbx
02EC  B80A010000                    mov     eax,10Ah
02F1  E9FFFCFFFF                    jmp     trap_exit
02F6  49895F10                      mov     [r15+10h],rbx
02FA  B80B010000                    mov     eax,10Bh
02FF  E9F1FCFFFF                    jmp     trap_exit

