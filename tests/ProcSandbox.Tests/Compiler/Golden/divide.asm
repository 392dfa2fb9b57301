func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  725F                          jb      short @0074
0015  4883EB01                      sub     rbx,1
0019  7C20                          jl      short @003B
001B  8B7518                        mov     esi,[rbp+18h]
001E  8B4510                        mov     eax,[rbp+10h]
0021  85F6                          test    esi,esi
0023  7433                          je      short @0058
0025  83FEFF                        cmp     esi,0FFFFFFFFh
0028  7507                          jne     short @0031
002A  3D00000080                    cmp     eax,80000000h
002F  7435                          je      short @0066
0031  99                            cdq
0032  F7FE                          idiv    esi
0034  90                            nop
0035  49895F10                      mov     [r15+10h],rbx
0039  C9                            leave
003A  C3                            ret
003B  41837F1800                    cmp     dword ptr [r15+18h],0
0040  754E                          jne     short @0090
0042  49837F6800                    cmp     qword ptr [r15+68h],0
0047  7439                          je      short @0082
0049  49FF4F68                      dec     qword ptr [r15+68h]
004D  4881C300100000                add     rbx,1000h
0054  7CE5                          jl      short @003B
0056  EBC3                          jmp     short @001B
0058  49895F10                      mov     [r15+10h],rbx
005C  B802010000                    mov     eax,102h
0061  E955FFFFFF                    jmp     trap_exit
0066  49895F10                      mov     [r15+10h],rbx
006A  B803010000                    mov     eax,103h
006F  E947FFFFFF                    jmp     trap_exit
0074  49895F10                      mov     [r15+10h],rbx
0078  B809010000                    mov     eax,109h
007D  E939FFFFFF                    jmp     trap_exit
0082  49895F10                      mov     [r15+10h],rbx
0086  B80A010000                    mov     eax,10Ah
008B  E92BFFFFFF                    jmp     trap_exit
0090  49895F10                      mov     [r15+10h],rbx
0094  B80B010000                    mov     eax,10Bh
0099  E91DFFFFFF                    jmp     trap_exit

