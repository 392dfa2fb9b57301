func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7259                          jb      short @006E
0015  4883EB01                      sub     rbx,1
0019  7C61                          jl      short @007C
001B  41837F1800                    cmp     dword ptr [r15+18h],0
0020  7568                          jne     short @008A
0022  448B5D10                      mov     r11d,[rbp+10h]
0026  4983C308                      add     r11,8
002A  4D3B5F08                      cmp     r11,[r15+8]
002E  7730                          ja      short @0060
0030  438B741EFC                    mov     esi,[r14+r11-4]
0035  448B5D10                      mov     r11d,[rbp+10h]
0039  4983C30C                      add     r11,0Ch
003D  4D3B5F08                      cmp     r11,[r15+8]
0041  771D                          ja      short @0060
0043  4389741EFC                    mov     [r14+r11-4],esi
0048  41BB11000000                  mov     r11d,11h
004E  4D3B5F08                      cmp     r11,[r15+8]
0052  770C                          ja      short @0060
0054  43C6441EFFFF                  mov     byte ptr [r14+r11-1],0FFh
005A  49895F10                      mov     [r15+10h],rbx
005E  C9                            leave
005F  C3                            ret
0060  49895F10                      mov     [r15+10h],rbx
0064  B805010000                    mov     eax,105h
0069  E987FFFFFF                    jmp     trap_exit
006E  49895F10                      mov     [r15+10h],rbx
0072  B809010000                    mov     eax,109h
0077  E979FFFFFF                    jmp     trap_exit
007C  49895F10                      mov     [r15+10h],rbx
0080  B80A010000                    mov     eax,10Ah
0085  E96BFFFFFF                    jmp     trap_exit
008A  49895F10                      mov     [r15+10h],rbx
008E  B80B010000                    mov     eax,10Bh
0093  E95DFFFFFF                    jmp     trap_exit

