func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC10000000                sub     rsp,10h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  724F                          jb      short @0064
0015  4883EB01                      sub     rbx,1
0019  7C57                          jl      short @0072
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  755E                          jne     short @0080
0022  448B5510                      mov     r10d,[rbp+10h]
0026  4183FA02                      cmp     r10d,2
002A  7315                          jae     short @0041
002C  4C8D1D10000000                lea     r11,[@0043]
0033  4F631493                      movsxd  r10,[r11+r10*4]
0037  4D01DA                        add     r10,r11
003A  41FFE2                        jmp     r10
003D  EB0C                          jmp     short @004B
003F  EB11                          jmp     short @0052
0041  EB16                          jmp     short @0059
0043  FAFFFFFF                      dd      @003D
0047  FCFFFFFF                      dd      @003F
004B  B80A000000                    mov     eax,0Ah
0050  EB0C                          jmp     short @005E
0052  B814000000                    mov     eax,14h
0057  EB05                          jmp     short @005E
0059  B81E000000                    mov     eax,1Eh
005E  49895F10                      mov     [r15+10h],rbx
0062  C9                            leave
0063  C3                            ret
0064  49895F10                      mov     [r15+10h],rbx
0068  B809010000                    mov     eax,109h
006D  E983FFFFFF                    jmp     trap_exit
0072  49895F10                      mov     [r15+10h],rbx
0076  B80A010000                    mov     eax,10Ah
007B  E975FFFFFF                    jmp     trap_exit
0080  49895F10                      mov     [r15+10h],rbx
0084  B80B010000                    mov     eax,10Bh
0089  E967FFFFFF                    jmp     trap_exit

