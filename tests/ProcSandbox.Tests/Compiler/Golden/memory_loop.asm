func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC10000000                sub     rsp,10h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  722A                          jb      short @003F
0015  4883EB01                      sub     rbx,1
0019  7C07                          jl      short @0022
001B  90                            nop
001C  49895F10                      mov     [r15+10h],rbx
0020  C9                            leave
0021  C3                            ret
0022  41837F1800                    cmp     dword ptr [r15+18h],0
0027  7532                          jne     short @005B
0029  49837F6800                    cmp     qword ptr [r15+68h],0
002E  741D                          je      short @004D
0030  49FF4F68                      dec     qword ptr [r15+68h]
0034  4881C300100000                add     rbx,1000h
003B  7CE5                          jl      short @0022
003D  EBDC                          jmp     short @001B
003F  49895F10                      mov     [r15+10h],rbx
0043  B809010000                    mov     eax,109h
0048  E96EFFFFFF                    jmp     trap_exit
004D  49895F10                      mov     [r15+10h],rbx
0051  B80A010000                    mov     eax,10Ah
0056  E960FFFFFF                    jmp     trap_exit
005B  49895F10                      mov     [r15+10h],rbx
005F  B80B010000                    mov     eax,10Bh
0064  E952FFFFFF                    jmp     trap_exit
0069  90                            nop
006A  90                            nop
006B  90                            nop
006C  90                            nop
006D  90                            nop
006E  90                            nop
006F  90                            nop
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

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8235010000                  jb      @0156
0021  4883EB01                      sub     rbx,1
0025  0F8CBC000000                  jl      @00E7
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  448B6510                      mov     r12d,[rbp+10h]
0037  41BD00000000                  mov     r13d,0
003D  4883EB01                      sub     rbx,1
0041  0F8CC4000000                  jl      @010B
0047  4585E4                        test    r12d,r12d
004A  0F848E000000                  je      @00DE
0050  EB2E                          jmp     short @0080
0052  90                            nop
0053  90                            nop
0054  90                            nop
0055  90                            nop
0056  90                            nop
0057  90                            nop
0058  90                            nop
0059  90                            nop
005A  90                            nop
005B  90                            nop
005C  90                            nop
005D  90                            nop
005E  90                            nop
005F  90                            nop
0060  90                            nop
0061  90                            nop
0062  90                            nop
0063  90                            nop
0064  90                            nop
0065  90                            nop
0066  90                            nop
0067  90                            nop
0068  90                            nop
0069  90                            nop
006A  90                            nop
006B  90                            nop
006C  90                            nop
006D  90                            nop
006E  90                            nop
006F  90                            nop
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
0080  4183EC04                      sub     r12d,4
0084  458BDC                        mov     r11d,r12d
0087  4983C307                      add     r11,7
008B  4C3BDE                        cmp     r11,rsi
008E  0F87B4000000                  ja      @0148
0094  438B7C1EFD                    mov     edi,[r14+r11-3]
0099  4403EF                        add     r13d,edi
009C  4C896510                      mov     [rbp+10h],r12
00A0  4C896DF8                      mov     [rbp-8],r13
00A4  4155                          push    r13
00A6  49895F10                      mov     [r15+10h],rbx
00AA  E8D1FEFFFF                    call    func0
00AF  4883C408                      add     rsp,8
00B3  448B6510                      mov     r12d,[rbp+10h]
00B7  448B6DF8                      mov     r13d,[rbp-8]
00BB  498B7708                      mov     rsi,[r15+8]
00BF  4883EE01                      sub     rsi,1
00C3  4C3BEE                        cmp     r13,rsi
00C6  0F877C000000                  ja      @0148
00CC  43C6042E01                    mov     byte ptr [r14+r13],1
00D1  4883EB01                      sub     rbx,1
00D5  7C54                          jl      short @012B
00D7  4585E4                        test    r12d,r12d
00DA  75A4                          jne     short @0080
00DC  EB00                          jmp     short @00DE
00DE  418BC5                        mov     eax,r13d
00E1  49895F10                      mov     [r15+10h],rbx
00E5  C9                            leave
00E6  C3                            ret
00E7  41837F1800                    cmp     dword ptr [r15+18h],0
00EC  0F8580000000                  jne     @0172
00F2  49837F6800                    cmp     qword ptr [r15+68h],0
00F7  746B                          je      short @0164
00F9  49FF4F68                      dec     qword ptr [r15+68h]
00FD  4881C300100000                add     rbx,1000h
0104  7CE1                          jl      short @00E7
0106  E920FFFFFF                    jmp     @002B
010B  41837F1800                    cmp     dword ptr [r15+18h],0
0110  7560                          jne     short @0172
0112  49837F6800                    cmp     qword ptr [r15+68h],0
0117  744B                          je      short @0164
0119  49FF4F68                      dec     qword ptr [r15+68h]
011D  4881C300100000                add     rbx,1000h
0124  7CE5                          jl      short @010B
0126  E91CFFFFFF                    jmp     @0047
012B  41837F1800                    cmp     dword ptr [r15+18h],0
0130  7540                          jne     short @0172
0132  49837F6800                    cmp     qword ptr [r15+68h],0
0137  742B                          je      short @0164
0139  49FF4F68                      dec     qword ptr [r15+68h]
013D  4881C300100000                add     rbx,1000h
0144  7CE5                          jl      short @012B
0146  EB8F                          jmp     short @00D7
0148  49895F10                      mov     [r15+10h],rbx
014C  B805020000                    mov     eax,205h
0151  E9E5FDFFFF                    jmp     trap_exit
0156  49895F10                      mov     [r15+10h],rbx
015A  B809020000                    mov     eax,209h
015F  E9D7FDFFFF                    jmp     trap_exit
0164  49895F10                      mov     [r15+10h],rbx
0168  B80A020000                    mov     eax,20Ah
016D  E9C9FDFFFF                    jmp     trap_exit
0172  49895F10                      mov     [r15+10h],rbx
0176  B80B020000                    mov     eax,20Bh
017B  E9BBFDFFFF                    jmp     trap_exit

