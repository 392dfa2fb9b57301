func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7263                          jb      short @0078
0015  4883EB01                      sub     rbx,1
0019  7C32                          jl      short @004D
001B  448B5D10                      mov     r11d,[rbp+10h]
001F  4983C308                      add     r11,8
0023  4D3B5F08                      cmp     r11,[r15+8]
0027  7741                          ja      short @006A
0029  F2430F10441EF8                movsd   xmm0,[r14+r11-8]
0030  8B7518                        mov     esi,[rbp+18h]
0033  037510                        add     esi,[rbp+10h]
0036  4883C610                      add     rsi,10h
003A  493B7708                      cmp     rsi,[r15+8]
003E  772A                          ja      short @006A
0040  F2410F5C4436F8                subsd   xmm0,[r14+rsi-8]
0047  49895F10                      mov     [r15+10h],rbx
004B  C9                            leave
004C  C3                            ret
004D  41837F1800                    cmp     dword ptr [r15+18h],0
0052  7540                          jne     short @0094
0054  49837F6800                    cmp     qword ptr [r15+68h],0
0059  742B                          je      short @0086
005B  49FF4F68                      dec     qword ptr [r15+68h]
005F  4881C300100000                add     rbx,1000h
0066  7CE5                          jl      short @004D
0068  EBB1                          jmp     short @001B
006A  49895F10                      mov     [r15+10h],rbx
006E  B805010000                    mov     eax,105h
0073  E943FFFFFF                    jmp     trap_exit
0078  49895F10                      mov     [r15+10h],rbx
007C  B809010000                    mov     eax,109h
0081  E935FFFFFF                    jmp     trap_exit
0086  49895F10                      mov     [r15+10h],rbx
008A  B80A010000                    mov     eax,10Ah
008F  E927FFFFFF                    jmp     trap_exit
0094  49895F10                      mov     [r15+10h],rbx
0098  B80B010000                    mov     eax,10Bh
009D  E919FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7258                          jb      short @006D
0015  4883EB01                      sub     rbx,1
0019  7C27                          jl      short @0042
001B  448B5D10                      mov     r11d,[rbp+10h]
001F  4983C304                      add     r11,4
0023  4D3B5F08                      cmp     r11,[r15+8]
0027  7736                          ja      short @005F
0029  F3430F10441EFC                movss   xmm0,[r14+r11-4]
0030  F30F104D18                    movss   xmm1,[rbp+18h]
0035  F30F5EC8                      divss   xmm1,xmm0
0039  0F28C1                        movaps  xmm0,xmm1
003C  49895F10                      mov     [r15+10h],rbx
0040  C9                            leave
0041  C3                            ret
0042  41837F1800                    cmp     dword ptr [r15+18h],0
0047  7540                          jne     short @0089
0049  49837F6800                    cmp     qword ptr [r15+68h],0
004E  742B                          je      short @007B
0050  49FF4F68                      dec     qword ptr [r15+68h]
0054  4881C300100000                add     rbx,1000h
005B  7CE5                          jl      short @0042
005D  EBBC                          jmp     short @001B
005F  49895F10                      mov     [r15+10h],rbx
0063  B805020000                    mov     eax,205h
0068  E9ACFEFFFF                    jmp     trap_exit
006D  49895F10                      mov     [r15+10h],rbx
0071  B809020000                    mov     eax,209h
0076  E99EFEFFFF                    jmp     trap_exit
007B  49895F10                      mov     [r15+10h],rbx
007F  B80A020000                    mov     eax,20Ah
0084  E990FEFFFF                    jmp     trap_exit
0089  49895F10                      mov     [r15+10h],rbx
008D  B80B020000                    mov     eax,20Bh
0092  E982FEFFFF                    jmp     trap_exit

