func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7262                          jb      short @0077
0015  4883EB01                      sub     rbx,1
0019  7C31                          jl      short @004C
001B  448B5D10                      mov     r11d,[rbp+10h]
001F  4983C308                      add     r11,8
0023  4D3B5F08                      cmp     r11,[r15+8]
0027  7740                          ja      short @0069
0029  438B741EFC                    mov     esi,[r14+r11-4]
002E  448B5D10                      mov     r11d,[rbp+10h]
0032  4983C30C                      add     r11,0Ch
0036  4D3B5F08                      cmp     r11,[r15+8]
003A  772D                          ja      short @0069
003C  4389741EFC                    mov     [r14+r11-4],esi
0041  41C64610FF                    mov     byte ptr [r14+10h],0FFh
0046  49895F10                      mov     [r15+10h],rbx
004A  C9                            leave
004B  C3                            ret
004C  41837F1800                    cmp     dword ptr [r15+18h],0
0051  7540                          jne     short @0093
0053  49837F6800                    cmp     qword ptr [r15+68h],0
0058  742B                          je      short @0085
005A  49FF4F68                      dec     qword ptr [r15+68h]
005E  4881C300100000                add     rbx,1000h
0065  7CE5                          jl      short @004C
0067  EBB2                          jmp     short @001B
0069  49895F10                      mov     [r15+10h],rbx
006D  B805010000                    mov     eax,105h
0072  E944FFFFFF                    jmp     trap_exit
0077  49895F10                      mov     [r15+10h],rbx
007B  B809010000                    mov     eax,109h
0080  E936FFFFFF                    jmp     trap_exit
0085  49895F10                      mov     [r15+10h],rbx
0089  B80A010000                    mov     eax,10Ah
008E  E928FFFFFF                    jmp     trap_exit
0093  49895F10                      mov     [r15+10h],rbx
0097  B80B010000                    mov     eax,10Bh
009C  E91AFFFFFF                    jmp     trap_exit

