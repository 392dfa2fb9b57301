func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7266                          jb      short @007B
0015  4883EB01                      sub     rbx,1
0019  7C43                          jl      short @005E
001B  8B7510                        mov     esi,[rbp+10h]
001E  83FE02                        cmp     esi,2
0021  7305                          jae     short @0028
0023  8B4510                        mov     eax,[rbp+10h]
0026  EB2F                          jmp     short @0057
0028  8B7510                        mov     esi,[rbp+10h]
002B  83EE01                        sub     esi,1
002E  56                            push    rsi
002F  49895F10                      mov     [r15+10h],rbx
0033  E8C8FFFFFF                    call    @0000
0038  4883C408                      add     rsp,8
003C  8B7510                        mov     esi,[rbp+10h]
003F  83EE02                        sub     esi,2
0042  488945F0                      mov     [rbp-10h],rax
0046  56                            push    rsi
0047  49895F10                      mov     [r15+10h],rbx
004B  E8B0FFFFFF                    call    @0000
0050  4883C408                      add     rsp,8
0054  0345F0                        add     eax,[rbp-10h]
0057  90                            nop
0058  49895F10                      mov     [r15+10h],rbx
005C  C9                            leave
005D  C3                            ret
005E  41837F1800                    cmp     dword ptr [r15+18h],0
0063  7532                          jne     short @0097
0065  49837F6800                    cmp     qword ptr [r15+68h],0
006A  741D                          je      short @0089
006C  49FF4F68                      dec     qword ptr [r15+68h]
0070  4881C300100000                add     rbx,1000h
0077  7CE5                          jl      short @005E
0079  EBA0                          jmp     short @001B
007B  49895F10                      mov     [r15+10h],rbx
007F  B809010000                    mov     eax,109h
0084  E932FFFFFF                    jmp     trap_exit
0089  49895F10                      mov     [r15+10h],rbx
008D  B80A010000                    mov     eax,10Ah
0092  E924FFFFFF                    jmp     trap_exit
0097  49895F10                      mov     [r15+10h],rbx
009B  B80B010000                    mov     eax,10Bh
00A0  E916FFFFFF                    jmp     trap_exit

