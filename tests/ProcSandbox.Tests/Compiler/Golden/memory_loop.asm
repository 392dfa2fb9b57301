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
0048  E9A8FFFFFF                    jmp     trap_exit
004D  49895F10                      mov     [r15+10h],rbx
0051  B80A010000                    mov     eax,10Ah
0056  E99AFFFFFF                    jmp     trap_exit
005B  49895F10                      mov     [r15+10h],rbx
005F  B80B010000                    mov     eax,10Bh
0064  E98CFFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F8201010000                  jb      @0122
0021  4883EB01                      sub     rbx,1
0025  0F8C88000000                  jl      @00B3
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  448B6510                      mov     r12d,[rbp+10h]
0037  41BD00000000                  mov     r13d,0
003D  4883EB01                      sub     rbx,1
0041  0F8C90000000                  jl      @00D7
0047  4585E4                        test    r12d,r12d
004A  745E                          je      short @00AA
004C  4183EC04                      sub     r12d,4
0050  458BDC                        mov     r11d,r12d
0053  4983C307                      add     r11,7
0057  4C3BDE                        cmp     r11,rsi
005A  0F87B4000000                  ja      @0114
0060  438B7C1EFD                    mov     edi,[r14+r11-3]
0065  4403EF                        add     r13d,edi
0068  4C896510                      mov     [rbp+10h],r12
006C  4C896DF8                      mov     [rbp-8],r13
0070  4155                          push    r13
0072  49895F10                      mov     [r15+10h],rbx
0076  E81CFFFFFF                    call    func0
007B  4883C408                      add     rsp,8
007F  448B6510                      mov     r12d,[rbp+10h]
0083  448B6DF8                      mov     r13d,[rbp-8]
0087  498B7708                      mov     rsi,[r15+8]
008B  4883EE01                      sub     rsi,1
008F  4C3BEE                        cmp     r13,rsi
0092  0F877C000000                  ja      @0114
0098  43C6042E01                    mov     byte ptr [r14+r13],1
009D  4883EB01                      sub     rbx,1
00A1  7C54                          jl      short @00F7
00A3  4585E4                        test    r12d,r12d
00A6  75A4                          jne     short @004C
00A8  EB00                          jmp     short @00AA
00AA  418BC5                        mov     eax,r13d
00AD  49895F10                      mov     [r15+10h],rbx
00B1  C9                            leave
00B2  C3                            ret
00B3  41837F1800                    cmp     dword ptr [r15+18h],0
00B8  0F8580000000                  jne     @013E
00BE  49837F6800                    cmp     qword ptr [r15+68h],0
00C3  746B                          je      short @0130
00C5  49FF4F68                      dec     qword ptr [r15+68h]
00C9  4881C300100000                add     rbx,1000h
00D0  7CE1                          jl      short @00B3
00D2  E954FFFFFF                    jmp     @002B
00D7  41837F1800                    cmp     dword ptr [r15+18h],0
00DC  7560                          jne     short @013E
00DE  49837F6800                    cmp     qword ptr [r15+68h],0
00E3  744B                          je      short @0130
00E5  49FF4F68                      dec     qword ptr [r15+68h]
00E9  4881C300100000                add     rbx,1000h
00F0  7CE5                          jl      short @00D7
00F2  E950FFFFFF                    jmp     @0047
00F7  41837F1800                    cmp     dword ptr [r15+18h],0
00FC  7540                          jne     short @013E
00FE  49837F6800                    cmp     qword ptr [r15+68h],0
0103  742B                          je      short @0130
0105  49FF4F68                      dec     qword ptr [r15+68h]
0109  4881C300100000                add     rbx,1000h
0110  7CE5                          jl      short @00F7
0112  EB8F                          jmp     short @00A3
0114  49895F10                      mov     [r15+10h],rbx
0118  B805020000                    mov     eax,205h
011D  E96AFEFFFF                    jmp     trap_exit
0122  49895F10                      mov     [r15+10h],rbx
0126  B809020000                    mov     eax,209h
012B  E95CFEFFFF                    jmp     trap_exit
0130  49895F10                      mov     [r15+10h],rbx
0134  B80A020000                    mov     eax,20Ah
0139  E94EFEFFFF                    jmp     trap_exit
013E  49895F10                      mov     [r15+10h],rbx
0142  B80B020000                    mov     eax,20Bh
0147  E940FEFFFF                    jmp     trap_exit

