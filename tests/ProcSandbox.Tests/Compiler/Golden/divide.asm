func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7249                          jb      short @005E
0015  4883EB01                      sub     rbx,1
0019  7C51                          jl      short @006C
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7558                          jne     short @007A
0022  8B7518                        mov     esi,[rbp+18h]
0025  8B4510                        mov     eax,[rbp+10h]
0028  85F6                          test    esi,esi
002A  7416                          je      short @0042
002C  83FEFF                        cmp     esi,0FFFFFFFFh
002F  7507                          jne     short @0038
0031  3D00000080                    cmp     eax,80000000h
0036  7418                          je      short @0050
0038  99                            cdq
0039  F7FE                          idiv    esi
003B  90                            nop
003C  49895F10                      mov     [r15+10h],rbx
0040  C9                            leave
0041  C3                            ret
0042  49895F10                      mov     [r15+10h],rbx
0046  B802010000                    mov     eax,102h
004B  E9A5FFFFFF                    jmp     trap_exit
0050  49895F10                      mov     [r15+10h],rbx
0054  B803010000                    mov     eax,103h
0059  E997FFFFFF                    jmp     trap_exit
005E  49895F10                      mov     [r15+10h],rbx
0062  B809010000                    mov     eax,109h
0067  E989FFFFFF                    jmp     trap_exit
006C  49895F10                      mov     [r15+10h],rbx
0070  B80A010000                    mov     eax,10Ah
0075  E97BFFFFFF                    jmp     trap_exit
007A  49895F10                      mov     [r15+10h],rbx
007E  B80B010000                    mov     eax,10Bh
0083  E96DFFFFFF                    jmp     trap_exit

