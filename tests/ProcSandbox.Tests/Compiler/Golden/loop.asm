func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  724A                          jb      short @005F
0015  4883EB01                      sub     rbx,1
0019  7C52                          jl      short @006D
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7559                          jne     short @007B
0022  48C745F800000000              mov     qword ptr [rbp-8],0
002A  4883EB01                      sub     rbx,1
002E  7C3D                          jl      short @006D
0030  41837F1800                    cmp     dword ptr [r15+18h],0
0035  7544                          jne     short @007B
0037  837D1000                      cmp     dword ptr [rbp+10h],0
003B  7419                          je      short @0056
003D  8B75F8                        mov     esi,[rbp-8]
0040  037510                        add     esi,[rbp+10h]
0043  488975F8                      mov     [rbp-8],rsi
0047  8B7510                        mov     esi,[rbp+10h]
004A  81EE01000000                  sub     esi,1
0050  48897510                      mov     [rbp+10h],rsi
0054  EBD4                          jmp     short @002A
0056  8B45F8                        mov     eax,[rbp-8]
0059  49895F10                      mov     [r15+10h],rbx
005D  C9                            leave
005E  C3                            ret
005F  49895F10                      mov     [r15+10h],rbx
0063  B809010000                    mov     eax,109h
0068  E988FFFFFF                    jmp     trap_exit
006D  49895F10                      mov     [r15+10h],rbx
0071  B80A010000                    mov     eax,10Ah
0076  E97AFFFFFF                    jmp     trap_exit
007B  49895F10                      mov     [r15+10h],rbx
007F  B80B010000                    mov     eax,10Bh
0084  E96CFFFFFF                    jmp     trap_exit

