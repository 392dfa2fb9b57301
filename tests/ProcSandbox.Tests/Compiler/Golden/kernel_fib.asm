func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7273                          jb      short @0088
0015  4883EB01                      sub     rbx,1
0019  7C7B                          jl      short @0096
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  0F857E000000                  jne     @00A4
0026  8B7510                        mov     esi,[rbp+10h]
0029  83FE02                        cmp     esi,2
002C  730A                          jae     short @0038
002E  4C8B5D10                      mov     r11,[rbp+10h]
0032  4C895DF0                      mov     [rbp-10h],r11
0036  EB47                          jmp     short @007F
0038  8B7510                        mov     esi,[rbp+10h]
003B  83EE01                        sub     esi,1
003E  488975F0                      mov     [rbp-10h],rsi
0042  FF75F0                        push    qword ptr [rbp-10h]
0045  49895F10                      mov     [r15+10h],rbx
0049  E8B2FFFFFF                    call    @0000
004E  498B5F10                      mov     rbx,[r15+10h]
0052  4883C408                      add     rsp,8
0056  8B7510                        mov     esi,[rbp+10h]
0059  83EE02                        sub     esi,2
005C  488945F0                      mov     [rbp-10h],rax
0060  488975E8                      mov     [rbp-18h],rsi
0064  FF75E8                        push    qword ptr [rbp-18h]
0067  49895F10                      mov     [r15+10h],rbx
006B  E890FFFFFF                    call    @0000
0070  498B5F10                      mov     rbx,[r15+10h]
0074  4883C408                      add     rsp,8
0078  0345F0                        add     eax,[rbp-10h]
007B  488945F0                      mov     [rbp-10h],rax
007F  8B45F0                        mov     eax,[rbp-10h]
0082  49895F10                      mov     [r15+10h],rbx
0086  C9                            leave
0087  C3                            ret
0088  49895F10                      mov     [r15+10h],rbx
008C  B809010000                    mov     eax,109h
0091  E95FFFFFFF                    jmp     trap_exit
0096  49895F10                      mov     [r15+10h],rbx
009A  B80A010000                    mov     eax,10Ah
009F  E951FFFFFF                    jmp     trap_exit
00A4  49895F10                      mov     [r15+10h],rbx
00A8  B80B010000                    mov     eax,10Bh
00AD  E943FFFFFF                    jmp     trap_exit

