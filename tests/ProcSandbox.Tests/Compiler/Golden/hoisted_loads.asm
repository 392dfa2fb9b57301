func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  725B                          jb      short @0070
0015  4883EB01                      sub     rbx,1
0019  7C2A                          jl      short @0045
001B  448B5D10                      mov     r11d,[rbp+10h]
001F  4983C30C                      add     r11,0Ch
0023  4D3B5F08                      cmp     r11,[r15+8]
0027  7739                          ja      short @0062
0029  438B741EF4                    mov     esi,[r14+r11-0Ch]
002E  430FB77C1EF8                  movzx   edi,word ptr [r14+r11-8]
0034  03F7                          add     esi,edi
0036  438B7C1EFC                    mov     edi,[r14+r11-4]
003B  03F7                          add     esi,edi
003D  8BC6                          mov     eax,esi
003F  49895F10                      mov     [r15+10h],rbx
0043  C9                            leave
0044  C3                            ret
0045  41837F1800                    cmp     dword ptr [r15+18h],0
004A  7540                          jne     short @008C
004C  49837F6800                    cmp     qword ptr [r15+68h],0
0051  742B                          je      short @007E
0053  49FF4F68                      dec     qword ptr [r15+68h]
0057  4881C300100000                add     rbx,1000h
005E  7CE5                          jl      short @0045
0060  EBB9                          jmp     short @001B
0062  49895F10                      mov     [r15+10h],rbx
0066  B805010000                    mov     eax,105h
006B  E94BFFFFFF                    jmp     trap_exit
0070  49895F10                      mov     [r15+10h],rbx
0074  B809010000                    mov     eax,109h
0079  E93DFFFFFF                    jmp     trap_exit
007E  49895F10                      mov     [r15+10h],rbx
0082  B80A010000                    mov     eax,10Ah
0087  E92FFFFFFF                    jmp     trap_exit
008C  49895F10                      mov     [r15+10h],rbx
0090  B80B010000                    mov     eax,10Bh
0095  E921FFFFFF                    jmp     trap_exit

