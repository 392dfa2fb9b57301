func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7251                          jb      short @0066
0015  4883EB01                      sub     rbx,1
0019  7C59                          jl      short @0074
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7560                          jne     short @0082
0022  48C745F800000000              mov     qword ptr [rbp-8],0
002A  448B6510                      mov     r12d,[rbp+10h]
002E  41BD00000000                  mov     r13d,0
0034  4883EB01                      sub     rbx,1
0038  7C3A                          jl      short @0074
003A  41837F1800                    cmp     dword ptr [r15+18h],0
003F  7541                          jne     short @0082
0041  4585E4                        test    r12d,r12d
0044  7417                          je      short @005D
0046  418BF5                        mov     esi,r13d
0049  4103F4                        add     esi,r12d
004C  448BEE                        mov     r13d,esi
004F  418BF4                        mov     esi,r12d
0052  81EE01000000                  sub     esi,1
0058  448BE6                        mov     r12d,esi
005B  EBD7                          jmp     short @0034
005D  418BC5                        mov     eax,r13d
0060  49895F10                      mov     [r15+10h],rbx
0064  C9                            leave
0065  C3                            ret
0066  49895F10                      mov     [r15+10h],rbx
006A  B809010000                    mov     eax,109h
006F  E981FFFFFF                    jmp     trap_exit
0074  49895F10                      mov     [r15+10h],rbx
0078  B80A010000                    mov     eax,10Ah
007D  E973FFFFFF                    jmp     trap_exit
0082  49895F10                      mov     [r15+10h],rbx
0086  B80B010000                    mov     eax,10Bh
008B  E965FFFFFF                    jmp     trap_exit

