func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7243                          jb      short @0058
0015  4883EB01                      sub     rbx,1
0019  7C4B                          jl      short @0066
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7552                          jne     short @0074
0022  48C745F800000000              mov     qword ptr [rbp-8],0
002A  448B6510                      mov     r12d,[rbp+10h]
002E  41BD00000000                  mov     r13d,0
0034  4883EB01                      sub     rbx,1
0038  7C2C                          jl      short @0066
003A  41837F1800                    cmp     dword ptr [r15+18h],0
003F  7533                          jne     short @0074
0041  4585E4                        test    r12d,r12d
0044  7409                          je      short @004F
0046  4503EC                        add     r13d,r12d
0049  4183EC01                      sub     r12d,1
004D  EBE5                          jmp     short @0034
004F  418BC5                        mov     eax,r13d
0052  49895F10                      mov     [r15+10h],rbx
0056  C9                            leave
0057  C3                            ret
0058  49895F10                      mov     [r15+10h],rbx
005C  B809010000                    mov     eax,109h
0061  E98FFFFFFF                    jmp     trap_exit
0066  49895F10                      mov     [r15+10h],rbx
006A  B80A010000                    mov     eax,10Ah
006F  E981FFFFFF                    jmp     trap_exit
0074  49895F10                      mov     [r15+10h],rbx
0078  B80B010000                    mov     eax,10Bh
007D  E973FFFFFF                    jmp     trap_exit

