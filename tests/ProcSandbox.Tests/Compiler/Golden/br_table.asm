func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC10000000                sub     rsp,10h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7265                          jb      short @007A
0015  4883EB01                      sub     rbx,1
0019  7C42                          jl      short @005D
001B  448B5510                      mov     r10d,[rbp+10h]
001F  4183FA02                      cmp     r10d,2
0023  7315                          jae     short @003A
0025  4C8D1D10000000                lea     r11,[@003C]
002C  4F631493                      movsxd  r10,[r11+r10*4]
0030  4D01DA                        add     r10,r11
0033  41FFE2                        jmp     r10
0036  EB0C                          jmp     short @0044
0038  EB11                          jmp     short @004B
003A  EB16                          jmp     short @0052
003C  FAFFFFFF                      dd      @0036
0040  FCFFFFFF                      dd      @0038
0044  B80A000000                    mov     eax,0Ah
0049  EB0C                          jmp     short @0057
004B  B814000000                    mov     eax,14h
0050  EB05                          jmp     short @0057
0052  B81E000000                    mov     eax,1Eh
0057  49895F10                      mov     [r15+10h],rbx
005B  C9                            leave
005C  C3                            ret
005D  41837F1800                    cmp     dword ptr [r15+18h],0
0062  7532                          jne     short @0096
0064  49837F6800                    cmp     qword ptr [r15+68h],0
0069  741D                          je      short @0088
006B  49FF4F68                      dec     qword ptr [r15+68h]
006F  4881C300100000                add     rbx,1000h
0076  7CE5                          jl      short @005D
0078  EBA1                          jmp     short @001B
007A  49895F10                      mov     [r15+10h],rbx
007E  B809010000                    mov     eax,109h
0083  E933FFFFFF                    jmp     trap_exit
0088  49895F10                      mov     [r15+10h],rbx
008C  B80A010000                    mov     eax,10Ah
0091  E925FFFFFF                    jmp     trap_exit
0096  49895F10                      mov     [r15+10h],rbx
009A  B80B010000                    mov     eax,10Bh
009F  E917FFFFFF                    jmp     trap_exit

