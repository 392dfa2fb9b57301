func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  721F                          jb      short @0034
0015  4883EB01                      sub     rbx,1
0019  7C27                          jl      short @0042
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  752E                          jne     short @0050
0022  488B7510                      mov     rsi,[rbp+10h]
0026  480FAF7510                    imul    rsi,[rbp+10h]
002B  488BC6                        mov     rax,rsi
002E  49895F10                      mov     [r15+10h],rbx
0032  C9                            leave
0033  C3                            ret
0034  49895F10                      mov     [r15+10h],rbx
0038  B809010000                    mov     eax,109h
003D  E9B3FFFFFF                    jmp     trap_exit
0042  49895F10                      mov     [r15+10h],rbx
0046  B80A010000                    mov     eax,10Ah
004B  E9A5FFFFFF                    jmp     trap_exit
0050  49895F10                      mov     [r15+10h],rbx
0054  B80B010000                    mov     eax,10Bh
0059  E997FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  723B                          jb      short @0050
0015  4883EB01                      sub     rbx,1
0019  7C43                          jl      short @005E
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  754A                          jne     short @006C
0022  FF7510                        push    qword ptr [rbp+10h]
0025  49895F10                      mov     [r15+10h],rbx
0029  E874FFFFFF                    call    func0
002E  4883C408                      add     rsp,8
0032  488945F0                      mov     [rbp-10h],rax
0036  FF7518                        push    qword ptr [rbp+18h]
0039  49895F10                      mov     [r15+10h],rbx
003D  E860FFFFFF                    call    func0
0042  4883C408                      add     rsp,8
0046  480345F0                      add     rax,[rbp-10h]
004A  49895F10                      mov     [r15+10h],rbx
004E  C9                            leave
004F  C3                            ret
0050  49895F10                      mov     [r15+10h],rbx
0054  B809020000                    mov     eax,209h
0059  E939FFFFFF                    jmp     trap_exit
005E  49895F10                      mov     [r15+10h],rbx
0062  B80A020000                    mov     eax,20Ah
0067  E92BFFFFFF                    jmp     trap_exit
006C  49895F10                      mov     [r15+10h],rbx
0070  B80B020000                    mov     eax,20Bh
0075  E91DFFFFFF                    jmp     trap_exit

