func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  724E                          jb      short @0063
0015  4883EB01                      sub     rbx,1
0019  7C56                          jl      short @0071
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  755D                          jne     short @007F
0022  48C745F800000000              mov     qword ptr [rbp-8],0
002A  448B6510                      mov     r12d,[rbp+10h]
002E  41BD00000000                  mov     r13d,0
0034  4883EB01                      sub     rbx,1
0038  7C37                          jl      short @0071
003A  41837F1800                    cmp     dword ptr [r15+18h],0
003F  753E                          jne     short @007F
0041  4585E4                        test    r12d,r12d
0044  7414                          je      short @005A
0046  418BF5                        mov     esi,r13d
0049  4103F4                        add     esi,r12d
004C  448BEE                        mov     r13d,esi
004F  418BF4                        mov     esi,r12d
0052  83EE01                        sub     esi,1
0055  448BE6                        mov     r12d,esi
0058  EBDA                          jmp     short @0034
005A  418BC5                        mov     eax,r13d
005D  49895F10                      mov     [r15+10h],rbx
0061  C9                            leave
0062  C3                            ret
0063  49895F10                      mov     [r15+10h],rbx
0067  B809010000                    mov     eax,109h
006C  E984FFFFFF                    jmp     trap_exit
0071  49895F10                      mov     [r15+10h],rbx
0075  B80A010000                    mov     eax,10Ah
007A  E976FFFFFF                    jmp     trap_exit
007F  49895F10                      mov     [r15+10h],rbx
0083  B80B010000                    mov     eax,10Bh
0088  E968FFFFFF                    jmp     trap_exit

