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
0013  7253                          jb      short @0068
0015  4883EB01                      sub     rbx,1
0019  7C5B                          jl      short @0076
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7562                          jne     short @0084
0022  4C8B5D10                      mov     r11,[rbp+10h]
0026  4C895DF0                      mov     [rbp-10h],r11
002A  FF75F0                        push    qword ptr [rbp-10h]
002D  49895F10                      mov     [r15+10h],rbx
0031  E86CFFFFFF                    call    func0
0036  498B5F10                      mov     rbx,[r15+10h]
003A  4883C408                      add     rsp,8
003E  488945F0                      mov     [rbp-10h],rax
0042  4C8B5D18                      mov     r11,[rbp+18h]
0046  4C895DE8                      mov     [rbp-18h],r11
004A  FF75E8                        push    qword ptr [rbp-18h]
004D  49895F10                      mov     [r15+10h],rbx
0051  E84CFFFFFF                    call    func0
0056  498B5F10                      mov     rbx,[r15+10h]
005A  4883C408                      add     rsp,8
005E  480345F0                      add     rax,[rbp-10h]
0062  49895F10                      mov     [r15+10h],rbx
0066  C9                            leave
0067  C3                            ret
0068  49895F10                      mov     [r15+10h],rbx
006C  B809020000                    mov     eax,209h
0071  E921FFFFFF                    jmp     trap_exit
0076  49895F10                      mov     [r15+10h],rbx
007A  B80A020000                    mov     eax,20Ah
007F  E913FFFFFF                    jmp     trap_exit
0084  49895F10                      mov     [r15+10h],rbx
0088  B80B020000                    mov     eax,20Bh
008D  E905FFFFFF                    jmp     trap_exit

