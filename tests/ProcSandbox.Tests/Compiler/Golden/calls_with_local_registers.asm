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
0013  4883EE04                      sub     rsi,4
0017  493B6720                      cmp     rsp,[r15+20h]
001B  0F82F0000000                  jb      @0111
0021  4883EB01                      sub     rbx,1
0025  0F8C9B000000                  jl      @00C6
002B  48C745F800000000              mov     qword ptr [rbp-8],0
0033  448B6510                      mov     r12d,[rbp+10h]
0037  41BD00000000                  mov     r13d,0
003D  4154                          push    r12
003F  49895F10                      mov     [r15+10h],rbx
0043  E84FFFFFFF                    call    func0
0048  4883C408                      add     rsp,8
004C  448B6510                      mov     r12d,[rbp+10h]
0050  448B6DF8                      mov     r13d,[rbp-8]
0054  498B7708                      mov     rsi,[r15+8]
0058  4883EE04                      sub     rsi,4
005C  4155                          push    r13
005E  49895F10                      mov     [r15+10h],rbx
0062  E830FFFFFF                    call    func0
0067  4883C408                      add     rsp,8
006B  448B6510                      mov     r12d,[rbp+10h]
006F  448B6DF8                      mov     r13d,[rbp-8]
0073  498B7708                      mov     rsi,[r15+8]
0077  4883EE04                      sub     rsi,4
007B  4183C501                      add     r13d,1
007F  4C896DF8                      mov     [rbp-8],r13
0083  4155                          push    r13
0085  49895F10                      mov     [r15+10h],rbx
0089  E809FFFFFF                    call    func0
008E  4883C408                      add     rsp,8
0092  448B6510                      mov     r12d,[rbp+10h]
0096  448B6DF8                      mov     r13d,[rbp-8]
009A  498B7708                      mov     rsi,[r15+8]
009E  4883EE04                      sub     rsi,4
00A2  4883EB01                      sub     rbx,1
00A6  7C3E                          jl      short @00E6
00A8  4C3BE6                        cmp     r12,rsi
00AB  7756                          ja      short @0103
00AD  438B3C26                      mov     edi,[r14+r12]
00B1  4403EF                        add     r13d,edi
00B4  4183EC04                      sub     r12d,4
00B8  4585E4                        test    r12d,r12d
00BB  75E5                          jne     short @00A2
00BD  418BC5                        mov     eax,r13d
00C0  49895F10                      mov     [r15+10h],rbx
00C4  C9                            leave
00C5  C3                            ret
00C6  41837F1800                    cmp     dword ptr [r15+18h],0
00CB  7560                          jne     short @012D
00CD  49837F6800                    cmp     qword ptr [r15+68h],0
00D2  744B                          je      short @011F
00D4  49FF4F68                      dec     qword ptr [r15+68h]
00D8  4881C300100000                add     rbx,1000h
00DF  7CE5                          jl      short @00C6
00E1  E945FFFFFF                    jmp     @002B
00E6  41837F1800                    cmp     dword ptr [r15+18h],0
00EB  7540                          jne     short @012D
00ED  49837F6800                    cmp     qword ptr [r15+68h],0
00F2  742B                          je      short @011F
00F4  49FF4F68                      dec     qword ptr [r15+68h]
00F8  4881C300100000                add     rbx,1000h
00FF  7CE5                          jl      short @00E6
0101  EBA5                          jmp     short @00A8
0103  49895F10                      mov     [r15+10h],rbx
0107  B805020000                    mov     eax,205h
010C  E941FEFFFF                    jmp     trap_exit
0111  49895F10                      mov     [r15+10h],rbx
0115  B809020000                    mov     eax,209h
011A  E933FEFFFF                    jmp     trap_exit
011F  49895F10                      mov     [r15+10h],rbx
0123  B80A020000                    mov     eax,20Ah
0128  E925FEFFFF                    jmp     trap_exit
012D  49895F10                      mov     [r15+10h],rbx
0131  B80B020000                    mov     eax,20Bh
0136  E917FEFFFF                    jmp     trap_exit

