func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  723E                          jb      short @0053
0015  4883EB01                      sub     rbx,1
0019  7C1B                          jl      short @0036
001B  0F57C0                        xorps   xmm0,xmm0
001E  F20F2A4510                    cvtsi2sd xmm0,dword ptr [rbp+10h]
0023  0F57C9                        xorps   xmm1,xmm1
0026  F2480F2A4D18                  cvtsi2sd xmm1,qword ptr [rbp+18h]
002C  F20F58C1                      addsd   xmm0,xmm1
0030  49895F10                      mov     [r15+10h],rbx
0034  C9                            leave
0035  C3                            ret
0036  41837F1800                    cmp     dword ptr [r15+18h],0
003B  7532                          jne     short @006F
003D  49837F6800                    cmp     qword ptr [r15+68h],0
0042  741D                          je      short @0061
0044  49FF4F68                      dec     qword ptr [r15+68h]
0048  4881C300100000                add     rbx,1000h
004F  7CE5                          jl      short @0036
0051  EBC8                          jmp     short @001B
0053  49895F10                      mov     [r15+10h],rbx
0057  B809010000                    mov     eax,109h
005C  E95AFFFFFF                    jmp     trap_exit
0061  49895F10                      mov     [r15+10h],rbx
0065  B80A010000                    mov     eax,10Ah
006A  E94CFFFFFF                    jmp     trap_exit
006F  49895F10                      mov     [r15+10h],rbx
0073  B80B010000                    mov     eax,10Bh
0078  E93EFFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  723F                          jb      short @0054
0015  4883EB01                      sub     rbx,1
0019  7C1C                          jl      short @0037
001B  8B7510                        mov     esi,[rbp+10h]
001E  8B7D10                        mov     edi,[rbp+10h]
0021  85FF                          test    edi,edi
0023  400F94C7                      sete    dil
0027  400FB6FF                      movzx   edi,dil
002B  4803F7                        add     rsi,rdi
002E  488BC6                        mov     rax,rsi
0031  49895F10                      mov     [r15+10h],rbx
0035  C9                            leave
0036  C3                            ret
0037  41837F1800                    cmp     dword ptr [r15+18h],0
003C  7532                          jne     short @0070
003E  49837F6800                    cmp     qword ptr [r15+68h],0
0043  741D                          je      short @0062
0045  49FF4F68                      dec     qword ptr [r15+68h]
0049  4881C300100000                add     rbx,1000h
0050  7CE5                          jl      short @0037
0052  EBC7                          jmp     short @001B
0054  49895F10                      mov     [r15+10h],rbx
0058  B809020000                    mov     eax,209h
005D  E9DCFEFFFF                    jmp     trap_exit
0062  49895F10                      mov     [r15+10h],rbx
0066  B80A020000                    mov     eax,20Ah
006B  E9CEFEFFFF                    jmp     trap_exit
0070  49895F10                      mov     [r15+10h],rbx
0074  B80B020000                    mov     eax,20Bh
0079  E9C0FEFFFF                    jmp     trap_exit

