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
001B  0F8204010000                  jb      @0125
0021  4883EB01                      sub     rbx,1
0025  0F8C8B000000                  jl      @00B6
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  448B6510                      mov     r12d,[rbp+10h]
0037  41BD00000000                  mov     r13d,0
003D  4883EB01                      sub     rbx,1
0041  0F8C93000000                  jl      @00DA
0047  4585E4                        test    r12d,r12d
004A  7461                          je      short @00AD
004C  4183EC04                      sub     r12d,4
0050  458BDC                        mov     r11d,r12d
0053  4983C307                      add     r11,7
0057  4C3BDE                        cmp     r11,rsi
005A  0F87B7000000                  ja      @0117
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
008F  458BDD                        mov     r11d,r13d
0092  4C3BDE                        cmp     r11,rsi
0095  0F877C000000                  ja      @0117
009B  43C6041E01                    mov     byte ptr [r14+r11],1
00A0  4883EB01                      sub     rbx,1
00A4  7C54                          jl      short @00FA
00A6  4585E4                        test    r12d,r12d
00A9  75A1                          jne     short @004C
00AB  EB00                          jmp     short @00AD
00AD  418BC5                        mov     eax,r13d
00B0  49895F10                      mov     [r15+10h],rbx
00B4  C9                            leave
00B5  C3                            ret
00B6  41837F1800                    cmp     dword ptr [r15+18h],0
00BB  0F8580000000                  jne     @0141
00C1  49837F6800                    cmp     qword ptr [r15+68h],0
00C6  746B                          je      short @0133
00C8  49FF4F68                      dec     qword ptr [r15+68h]
00CC  4881C300100000                add     rbx,1000h
00D3  7CE1                          jl      short @00B6
00D5  E951FFFFFF                    jmp     @002B
00DA  41837F1800                    cmp     dword ptr [r15+18h],0
00DF  7560                          jne     short @0141
00E1  49837F6800                    cmp     qword ptr [r15+68h],0
00E6  744B                          je      short @0133
00E8  49FF4F68                      dec     qword ptr [r15+68h]
00EC  4881C300100000                add     rbx,1000h
00F3  7CE5                          jl      short @00DA
00F5  E94DFFFFFF                    jmp     @0047
00FA  41837F1800                    cmp     dword ptr [r15+18h],0
00FF  7540                          jne     short @0141
0101  49837F6800                    cmp     qword ptr [r15+68h],0
0106  742B                          je      short @0133
0108  49FF4F68                      dec     qword ptr [r15+68h]
010C  4881C300100000                add     rbx,1000h
0113  7CE5                          jl      short @00FA
0115  EB8F                          jmp     short @00A6
0117  49895F10                      mov     [r15+10h],rbx
011B  B805020000                    mov     eax,205h
0120  E967FEFFFF                    jmp     trap_exit
0125  49895F10                      mov     [r15+10h],rbx
0129  B809020000                    mov     eax,209h
012E  E959FEFFFF                    jmp     trap_exit
0133  49895F10                      mov     [r15+10h],rbx
0137  B80A020000                    mov     eax,20Ah
013C  E94BFEFFFF                    jmp     trap_exit
0141  49895F10                      mov     [r15+10h],rbx
0145  B80B020000                    mov     eax,20Bh
014A  E93DFEFFFF                    jmp     trap_exit

