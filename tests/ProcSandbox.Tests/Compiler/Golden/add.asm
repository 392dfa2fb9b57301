func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  721B                          jb      short @0030
0015  4883EB01                      sub     rbx,1
0019  7C23                          jl      short @003E
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  752A                          jne     short @004C
0022  8B7510                        mov     esi,[rbp+10h]
0025  037518                        add     esi,[rbp+18h]
0028  8BC6                          mov     eax,esi
002A  49895F10                      mov     [r15+10h],rbx
002E  C9                            leave
002F  C3                            ret
0030  49895F10                      mov     [r15+10h],rbx
0034  B809010000                    mov     eax,109h
0039  E9B7FFFFFF                    jmp     trap_exit
003E  49895F10                      mov     [r15+10h],rbx
0042  B80A010000                    mov     eax,10Ah
0047  E9A9FFFFFF                    jmp     trap_exit
004C  49895F10                      mov     [r15+10h],rbx
0050  B80B010000                    mov     eax,10Bh
0055  E99BFFFFFF                    jmp     trap_exit

