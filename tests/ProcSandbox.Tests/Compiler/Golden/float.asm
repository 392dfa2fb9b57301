func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7247                          jb      short @005C
0015  4883EB01                      sub     rbx,1
0019  7C24                          jl      short @003F
001B  F20F104510                    movsd   xmm0,[rbp+10h]
0020  F20F594518                    mulsd   xmm0,[rbp+18h]
0025  49BB000000000000F83F          mov     r11,3FF8000000000000h
002F  664D0F6EFB                    movq    xmm15,r11
0034  F2410F58C7                    addsd   xmm0,xmm15
0039  49895F10                      mov     [r15+10h],rbx
003D  C9                            leave
003E  C3                            ret
003F  41837F1800                    cmp     dword ptr [r15+18h],0
0044  7532                          jne     short @0078
0046  49837F6800                    cmp     qword ptr [r15+68h],0
004B  741D                          je      short @006A
004D  49FF4F68                      dec     qword ptr [r15+68h]
0051  4881C300100000                add     rbx,1000h
0058  7CE5                          jl      short @003F
005A  EBBF                          jmp     short @001B
005C  49895F10                      mov     [r15+10h],rbx
0060  B809010000                    mov     eax,109h
0065  E951FFFFFF                    jmp     trap_exit
006A  49895F10                      mov     [r15+10h],rbx
006E  B80A010000                    mov     eax,10Ah
0073  E943FFFFFF                    jmp     trap_exit
0078  49895F10                      mov     [r15+10h],rbx
007C  B80B010000                    mov     eax,10Bh
0081  E935FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  725B                          jb      short @0070
0015  4883EB01                      sub     rbx,1
0019  7C38                          jl      short @0053
001B  F30F104510                    movss   xmm0,[rbp+10h]
0020  F30F104D18                    movss   xmm1,[rbp+18h]
0025  0F2EC1                        ucomiss xmm0,xmm1
0028  7A0D                          jp      short @0037
002A  7406                          je      short @0032
002C  F30F5DC1                      minss   xmm0,xmm1
0030  EB09                          jmp     short @003B
0032  0F56C1                        orps    xmm0,xmm1
0035  EB04                          jmp     short @003B
0037  F30F58C1                      addss   xmm0,xmm1
003B  F30F104D18                    movss   xmm1,[rbp+18h]
0040  0F2EC8                        ucomiss xmm1,xmm0
0043  400F97C6                      seta    sil
0047  400FB6F6                      movzx   esi,sil
004B  8BC6                          mov     eax,esi
004D  49895F10                      mov     [r15+10h],rbx
0051  C9                            leave
0052  C3                            ret
0053  41837F1800                    cmp     dword ptr [r15+18h],0
0058  7532                          jne     short @008C
005A  49837F6800                    cmp     qword ptr [r15+68h],0
005F  741D                          je      short @007E
0061  49FF4F68                      dec     qword ptr [r15+68h]
0065  4881C300100000                add     rbx,1000h
006C  7CE5                          jl      short @0053
006E  EBAB                          jmp     short @001B
0070  49895F10                      mov     [r15+10h],rbx
0074  B809020000                    mov     eax,209h
0079  E9B7FEFFFF                    jmp     trap_exit
007E  49895F10                      mov     [r15+10h],rbx
0082  B80A020000                    mov     eax,20Ah
0087  E9A9FEFFFF                    jmp     trap_exit
008C  49895F10                      mov     [r15+10h],rbx
0090  B80B020000                    mov     eax,20Bh
0095  E99BFEFFFF                    jmp     trap_exit

