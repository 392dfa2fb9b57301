func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7231                          jb      short @0046
0015  4883EB01                      sub     rbx,1
0019  7C0E                          jl      short @0029
001B  8B7510                        mov     esi,[rbp+10h]
001E  037518                        add     esi,[rbp+18h]
0021  8BC6                          mov     eax,esi
0023  49895F10                      mov     [r15+10h],rbx
0027  C9                            leave
0028  C3                            ret
0029  41837F1800                    cmp     dword ptr [r15+18h],0
002E  7532                          jne     short @0062
0030  49837F6800                    cmp     qword ptr [r15+68h],0
0035  741D                          je      short @0054
0037  49FF4F68                      dec     qword ptr [r15+68h]
003B  4881C300100000                add     rbx,1000h
0042  7CE5                          jl      short @0029
0044  EBD5                          jmp     short @001B
0046  49895F10                      mov     [r15+10h],rbx
004A  B809010000                    mov     eax,109h
004F  E967FFFFFF                    jmp     trap_exit
0054  49895F10                      mov     [r15+10h],rbx
0058  B80A010000                    mov     eax,10Ah
005D  E959FFFFFF                    jmp     trap_exit
0062  49895F10                      mov     [r15+10h],rbx
0066  B80B010000                    mov     eax,10Bh
006B  E94BFFFFFF                    jmp     trap_exit

