func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  726F                          jb      short @0084
0015  4883EB01                      sub     rbx,1
0019  7C3E                          jl      short @0059
001B  448B5D10                      mov     r11d,[rbp+10h]
001F  4983C308                      add     r11,8
0023  4D3B5F08                      cmp     r11,[r15+8]
0027  774D                          ja      short @0076
0029  438B741EFC                    mov     esi,[r14+r11-4]
002E  448B5D10                      mov     r11d,[rbp+10h]
0032  4983C30C                      add     r11,0Ch
0036  4D3B5F08                      cmp     r11,[r15+8]
003A  773A                          ja      short @0076
003C  4389741EFC                    mov     [r14+r11-4],esi
0041  41BB11000000                  mov     r11d,11h
0047  4D3B5F08                      cmp     r11,[r15+8]
004B  7729                          ja      short @0076
004D  43C6441EFFFF                  mov     byte ptr [r14+r11-1],0FFh
0053  49895F10                      mov     [r15+10h],rbx
0057  C9                            leave
0058  C3                            ret
0059  41837F1800                    cmp     dword ptr [r15+18h],0
005E  7540                          jne     short @00A0
0060  49837F6800                    cmp     qword ptr [r15+68h],0
0065  742B                          je      short @0092
0067  49FF4F68                      dec     qword ptr [r15+68h]
006B  4881C300100000                add     rbx,1000h
0072  7CE5                          jl      short @0059
0074  EBA5                          jmp     short @001B
0076  49895F10                      mov     [r15+10h],rbx
007A  B805010000                    mov     eax,105h
007F  E937FFFFFF                    jmp     trap_exit
0084  49895F10                      mov     [r15+10h],rbx
0088  B809010000                    mov     eax,109h
008D  E929FFFFFF                    jmp     trap_exit
0092  49895F10                      mov     [r15+10h],rbx
0096  B80A010000                    mov     eax,10Ah
009B  E91BFFFFFF                    jmp     trap_exit
00A0  49895F10                      mov     [r15+10h],rbx
00A4  B80B010000                    mov     eax,10Bh
00A9  E90DFFFFFF                    jmp     trap_exit

