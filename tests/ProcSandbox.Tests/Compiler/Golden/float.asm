func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7231                          jb      short @0046
0015  4883EB01                      sub     rbx,1
0019  7C39                          jl      short @0054
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7540                          jne     short @0062
0022  F20F104510                    movsd   xmm0,[rbp+10h]
0027  F20F594518                    mulsd   xmm0,[rbp+18h]
002C  49BB000000000000F83F          mov     r11,3FF8000000000000h
0036  664D0F6EFB                    movq    xmm15,r11
003B  F2410F58C7                    addsd   xmm0,xmm15
0040  49895F10                      mov     [r15+10h],rbx
0044  C9                            leave
0045  C3                            ret
0046  49895F10                      mov     [r15+10h],rbx
004A  B809010000                    mov     eax,109h
004F  E9A1FFFFFF                    jmp     trap_exit
0054  49895F10                      mov     [r15+10h],rbx
0058  B80A010000                    mov     eax,10Ah
005D  E993FFFFFF                    jmp     trap_exit
0062  49895F10                      mov     [r15+10h],rbx
0066  B80B010000                    mov     eax,10Bh
006B  E985FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7245                          jb      short @005A
0015  4883EB01                      sub     rbx,1
0019  7C4D                          jl      short @0068
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7554                          jne     short @0076
0022  F30F104510                    movss   xmm0,[rbp+10h]
0027  F30F104D18                    movss   xmm1,[rbp+18h]
002C  0F2EC1                        ucomiss xmm0,xmm1
002F  7A0D                          jp      short @003E
0031  7406                          je      short @0039
0033  F30F5DC1                      minss   xmm0,xmm1
0037  EB09                          jmp     short @0042
0039  0F56C1                        orps    xmm0,xmm1
003C  EB04                          jmp     short @0042
003E  F30F58C1                      addss   xmm0,xmm1
0042  F30F104D18                    movss   xmm1,[rbp+18h]
0047  0F2EC8                        ucomiss xmm1,xmm0
004A  400F97C6                      seta    sil
004E  400FB6F6                      movzx   esi,sil
0052  8BC6                          mov     eax,esi
0054  49895F10                      mov     [r15+10h],rbx
0058  C9                            leave
0059  C3                            ret
005A  49895F10                      mov     [r15+10h],rbx
005E  B809020000                    mov     eax,209h
0063  E91DFFFFFF                    jmp     trap_exit
0068  49895F10                      mov     [r15+10h],rbx
006C  B80A020000                    mov     eax,20Ah
0071  E90FFFFFFF                    jmp     trap_exit
0076  49895F10                      mov     [r15+10h],rbx
007A  B80B020000                    mov     eax,20Bh
007F  E901FFFFFF                    jmp     trap_exit

