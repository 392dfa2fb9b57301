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

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  4883EE01                      sub     rsi,1
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F820C010000                  jb      @012D
0021  4883EB01                      sub     rbx,1
0025  0F8C93000000                  jl      @00BE
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  448B6510                      mov     r12d,[rbp+10h]
0037  41BD00000000                  mov     r13d,0
003D  4883EB01                      sub     rbx,1
0041  0F8C9B000000                  jl      @00E2
0047  4585E4                        test    r12d,r12d
004A  0F8465000000                  je      @00B5
0050  EB05                          jmp     short @0057
0052  90                            nop
0053  90                            nop
0054  90                            nop
0055  90                            nop
0056  90                            nop
0057  4183EC04                      sub     r12d,4
005B  458BDC                        mov     r11d,r12d
005E  4983C307                      add     r11,7
0062  4C3BDE                        cmp     r11,rsi
0065  0F87B4000000                  ja      @011F
006B  438B7C1EFD                    mov     edi,[r14+r11-3]
0070  4403EF                        add     r13d,edi
0073  4C896510                      mov     [rbp+10h],r12
0077  4C896DF8                      mov     [rbp-8],r13
007B  4155                          push    r13
007D  49895F10                      mov     [r15+10h],rbx
0081  E811FFFFFF                    call    func0
0086  4883C408                      add     rsp,8
008A  448B6510                      mov     r12d,[rbp+10h]
008E  448B6DF8                      mov     r13d,[rbp-8]
0092  498B7708                      mov     rsi,[r15+8]
0096  4883EE01                      sub     rsi,1
009A  4C3BEE                        cmp     r13,rsi
009D  0F877C000000                  ja      @011F
00A3  43C6042E01                    mov     byte ptr [r14+r13],1
00A8  4883EB01                      sub     rbx,1
00AC  7C54                          jl      short @0102
00AE  4585E4                        test    r12d,r12d
00B1  75A4                          jne     short @0057
00B3  EB00                          jmp     short @00B5
00B5  418BC5                        mov     eax,r13d
00B8  49895F10                      mov     [r15+10h],rbx
00BC  C9                            leave
00BD  C3                            ret
00BE  41837F1800                    cmp     dword ptr [r15+18h],0
00C3  0F8580000000                  jne     @0149
00C9  49837F6800                    cmp     qword ptr [r15+68h],0
00CE  746B                          je      short @013B
00D0  49FF4F68                      dec     qword ptr [r15+68h]
00D4  4881C300100000                add     rbx,1000h
00DB  7CE1                          jl      short @00BE
00DD  E949FFFFFF                    jmp     @002B
00E2  41837F1800                    cmp     dword ptr [r15+18h],0
00E7  7560                          jne     short @0149
00E9  49837F6800                    cmp     qword ptr [r15+68h],0
00EE  744B                          je      short @013B
00F0  49FF4F68                      dec     qword ptr [r15+68h]
00F4  4881C300100000                add     rbx,1000h
00FB  7CE5                          jl      short @00E2
00FD  E945FFFFFF                    jmp     @0047
0102  41837F1800                    cmp     dword ptr [r15+18h],0
0107  7540                          jne     short @0149
0109  49837F6800                    cmp     qword ptr [r15+68h],0
010E  742B                          je      short @013B
0110  49FF4F68                      dec     qword ptr [r15+68h]
0114  4881C300100000                add     rbx,1000h
011B  7CE5                          jl      short @0102
011D  EB8F                          jmp     short @00AE
011F  49895F10                      mov     [r15+10h],rbx
0123  B805020000                    mov     eax,205h
0128  E925FEFFFF                    jmp     trap_exit
012D  49895F10                      mov     [r15+10h],rbx
0131  B809020000                    mov     eax,209h
0136  E917FEFFFF                    jmp     trap_exit
013B  49895F10                      mov     [r15+10h],rbx
013F  B80A020000                    mov     eax,20Ah
0144  E909FEFFFF                    jmp     trap_exit
0149  49895F10                      mov     [r15+10h],rbx
014D  B80B020000                    mov     eax,20Bh
0152  E9FBFDFFFF                    jmp     trap_exit

