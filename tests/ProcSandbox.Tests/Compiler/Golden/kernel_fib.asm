func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7250                          jb      short @0065
0015  4883EB01                      sub     rbx,1
0019  7C58                          jl      short @0073
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  755F                          jne     short @0081
0022  8B7510                        mov     esi,[rbp+10h]
0025  83FE02                        cmp     esi,2
0028  7305                          jae     short @002F
002A  8B4510                        mov     eax,[rbp+10h]
002D  EB2F                          jmp     short @005E
002F  8B7510                        mov     esi,[rbp+10h]
0032  83EE01                        sub     esi,1
0035  56                            push    rsi
0036  49895F10                      mov     [r15+10h],rbx
003A  E8C1FFFFFF                    call    @0000
003F  4883C408                      add     rsp,8
0043  8B7510                        mov     esi,[rbp+10h]
0046  83EE02                        sub     esi,2
0049  488945F0                      mov     [rbp-10h],rax
004D  56                            push    rsi
004E  49895F10                      mov     [r15+10h],rbx
0052  E8A9FFFFFF                    call    @0000
0057  4883C408                      add     rsp,8
005B  0345F0                        add     eax,[rbp-10h]
005E  90                            nop
005F  49895F10                      mov     [r15+10h],rbx
0063  C9                            leave
0064  C3                            ret
0065  49895F10                      mov     [r15+10h],rbx
0069  B809010000                    mov     eax,109h
006E  E982FFFFFF                    jmp     trap_exit
0073  49895F10                      mov     [r15+10h],rbx
0077  B80A010000                    mov     eax,10Ah
007C  E974FFFFFF                    jmp     trap_exit
0081  49895F10                      mov     [r15+10h],rbx
0085  B80B010000                    mov     eax,10Bh
008A  E966FFFFFF                    jmp     trap_exit

