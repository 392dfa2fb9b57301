func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F82C5020000                  jb      @02DE
0019  4883EB01                      sub     rbx,1
001D  0F8C59010000                  jl      @017C
0023  48C745F800000000              mov     qword ptr [rbp-8],0
002B  48C745F000000000              mov     qword ptr [rbp-10h],0
0033  48C745E800000000              mov     qword ptr [rbp-18h],0
003B  41BC00000000                  mov     r12d,0
0041  41BD00000000                  mov     r13d,0
0047  448B4D10                      mov     r9d,[rbp+10h]
004B  41B800000000                  mov     r8d,0
0051  41BD00000000                  mov     r13d,0
0057  4883EB01                      sub     rbx,1
005B  0F8C43010000                  jl      @01A4
0061  453BE9                        cmp     r13d,r9d
0064  732C                          jae     short @0092
0066  458BDD                        mov     r11d,r13d
0069  4983C301                      add     r11,1
006D  4D3B5F08                      cmp     r11,[r15+8]
0071  0F8759020000                  ja      @02D0
0077  43C6441EFF01                  mov     byte ptr [r14+r11-1],1
007D  4183C501                      add     r13d,1
0081  4883EB01                      sub     rbx,1
0085  0F8C41010000                  jl      @01CC
008B  453BE9                        cmp     r13d,r9d
008E  72D6                          jb      short @0066
0090  EB00                          jmp     short @0092
0092  41BD02000000                  mov     r13d,2
0098  4883EB01                      sub     rbx,1
009C  0F8C52010000                  jl      @01F4
00A2  418BF5                        mov     esi,r13d
00A5  410FAFF5                      imul    esi,r13d
00A9  413BF1                        cmp     esi,r9d
00AC  0F877D000000                  ja      @012F
00B2  458BDD                        mov     r11d,r13d
00B5  4983C301                      add     r11,1
00B9  4D3B5F08                      cmp     r11,[r15+8]
00BD  0F870D020000                  ja      @02D0
00C3  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
00C9  85F6                          test    esi,esi
00CB  7445                          je      short @0112
00CD  418BF5                        mov     esi,r13d
00D0  410FAFF5                      imul    esi,r13d
00D4  448BE6                        mov     r12d,esi
00D7  4883EB01                      sub     rbx,1
00DB  0F8C3B010000                  jl      @021C
00E1  453BE1                        cmp     r12d,r9d
00E4  732B                          jae     short @0111
00E6  458BDC                        mov     r11d,r12d
00E9  4983C301                      add     r11,1
00ED  4D3B5F08                      cmp     r11,[r15+8]
00F1  0F87D9010000                  ja      @02D0
00F7  43C6441EFF00                  mov     byte ptr [r14+r11-1],0
00FD  4503E5                        add     r12d,r13d
0100  4883EB01                      sub     rbx,1
0104  0F8C3A010000                  jl      @0244
010A  453BE1                        cmp     r12d,r9d
010D  72D7                          jb      short @00E6
010F  EB00                          jmp     short @0111
0111  90                            nop
0112  90                            nop
0113  4183C501                      add     r13d,1
0117  4883EB01                      sub     rbx,1
011B  0F8C4B010000                  jl      @026C
0121  418BF5                        mov     esi,r13d
0124  410FAFF5                      imul    esi,r13d
0128  413BF1                        cmp     esi,r9d
012B  7685                          jbe     short @00B2
012D  EB00                          jmp     short @012F
012F  41BD02000000                  mov     r13d,2
0135  4883EB01                      sub     rbx,1
0139  0F8C51010000                  jl      @0290
013F  453BE9                        cmp     r13d,r9d
0142  732F                          jae     short @0173
0144  458BDD                        mov     r11d,r13d
0147  4983C301                      add     r11,1
014B  4D3B5F08                      cmp     r11,[r15+8]
014F  0F877B010000                  ja      @02D0
0155  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
015B  4403C6                        add     r8d,esi
015E  4183C501                      add     r13d,1
0162  4883EB01                      sub     rbx,1
0166  0F8C44010000                  jl      @02B0
016C  453BE9                        cmp     r13d,r9d
016F  72D3                          jb      short @0144
0171  EB00                          jmp     short @0173
0173  418BC0                        mov     eax,r8d
0176  49895F10                      mov     [r15+10h],rbx
017A  C9                            leave
017B  C3                            ret
017C  41837F1800                    cmp     dword ptr [r15+18h],0
0181  0F8573010000                  jne     @02FA
0187  49837F6800                    cmp     qword ptr [r15+68h],0
018C  0F845A010000                  je      @02EC
0192  49FF4F68                      dec     qword ptr [r15+68h]
0196  4881C300100000                add     rbx,1000h
019D  7CDD                          jl      short @017C
019F  E97FFEFFFF                    jmp     @0023
01A4  41837F1800                    cmp     dword ptr [r15+18h],0
01A9  0F854B010000                  jne     @02FA
01AF  49837F6800                    cmp     qword ptr [r15+68h],0
01B4  0F8432010000                  je      @02EC
01BA  49FF4F68                      dec     qword ptr [r15+68h]
01BE  4881C300100000                add     rbx,1000h
01C5  7CDD                          jl      short @01A4
01C7  E995FEFFFF                    jmp     @0061
01CC  41837F1800                    cmp     dword ptr [r15+18h],0
01D1  0F8523010000                  jne     @02FA
01D7  49837F6800                    cmp     qword ptr [r15+68h],0
01DC  0F840A010000                  je      @02EC
01E2  49FF4F68                      dec     qword ptr [r15+68h]
01E6  4881C300100000                add     rbx,1000h
01ED  7CDD                          jl      short @01CC
01EF  E997FEFFFF                    jmp     @008B
01F4  41837F1800                    cmp     dword ptr [r15+18h],0
01F9  0F85FB000000                  jne     @02FA
01FF  49837F6800                    cmp     qword ptr [r15+68h],0
0204  0F84E2000000                  je      @02EC
020A  49FF4F68                      dec     qword ptr [r15+68h]
020E  4881C300100000                add     rbx,1000h
0215  7CDD                          jl      short @01F4
0217  E986FEFFFF                    jmp     @00A2
021C  41837F1800                    cmp     dword ptr [r15+18h],0
0221  0F85D3000000                  jne     @02FA
0227  49837F6800                    cmp     qword ptr [r15+68h],0
022C  0F84BA000000                  je      @02EC
0232  49FF4F68                      dec     qword ptr [r15+68h]
0236  4881C300100000                add     rbx,1000h
023D  7CDD                          jl      short @021C
023F  E99DFEFFFF                    jmp     @00E1
0244  41837F1800                    cmp     dword ptr [r15+18h],0
0249  0F85AB000000                  jne     @02FA
024F  49837F6800                    cmp     qword ptr [r15+68h],0
0254  0F8492000000                  je      @02EC
025A  49FF4F68                      dec     qword ptr [r15+68h]
025E  4881C300100000                add     rbx,1000h
0265  7CDD                          jl      short @0244
0267  E99EFEFFFF                    jmp     @010A
026C  41837F1800                    cmp     dword ptr [r15+18h],0
0271  0F8583000000                  jne     @02FA
0277  49837F6800                    cmp     qword ptr [r15+68h],0
027C  746E                          je      short @02EC
027E  49FF4F68                      dec     qword ptr [r15+68h]
0282  4881C300100000                add     rbx,1000h
0289  7CE1                          jl      short @026C
028B  E991FEFFFF                    jmp     @0121
0290  41837F1800                    cmp     dword ptr [r15+18h],0
0295  7563                          jne     short @02FA
0297  49837F6800                    cmp     qword ptr [r15+68h],0
029C  744E                          je      short @02EC
029E  49FF4F68                      dec     qword ptr [r15+68h]
02A2  4881C300100000                add     rbx,1000h
02A9  7CE5                          jl      short @0290
02AB  E98FFEFFFF                    jmp     @013F
02B0  41837F1800                    cmp     dword ptr [r15+18h],0
02B5  7543                          jne     short @02FA
02B7  49837F6800                    cmp     qword ptr [r15+68h],0
02BC  742E                          je      short @02EC
02BE  49FF4F68                      dec     qword ptr [r15+68h]
02C2  4881C300100000                add     rbx,1000h
02C9  7CE5                          jl      short @02B0
02CB  E99CFEFFFF                    jmp     @016C
02D0  49895F10                      mov     [r15+10h],rbx
02D4  B805010000                    mov     eax,105h
02D9  E917FDFFFF                    jmp     trap_exit
02DE  49895F10                      mov     [r15+10h],rbx
02E2  B809010000                    mov     eax,109h
02E7  E909FDFFFF                    jmp     trap_exit
02EC  49895F10                      mov     [r15+10h],rbx
02F0  B80A010000                    mov     eax,10Ah
02F5  E9FBFCFFFF                    jmp     trap_exit
02FA  49895F10                      mov     [r15+10h],rbx
02FE  B80B010000                    mov     eax,10Bh
0303  E9EDFCFFFF                    jmp     trap_exit

