func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7264                          jb      short @0079
0015  4883EB01                      sub     rbx,1
0019  7C33                          jl      short @004E
001B  8B7510                        mov     esi,[rbp+10h]
001E  81E6FF000000                  and     esi,0FFh
0024  C1E602                        shl     esi,2
0027  418B743608                    mov     esi,[r14+rsi+8]
002C  8B7D10                        mov     edi,[rbp+10h]
002F  81E7FFFF0000                  and     edi,0FFFFh
0035  4883C704                      add     rdi,4
0039  493B7F08                      cmp     rdi,[r15+8]
003D  772C                          ja      short @006B
003F  418B7C3EFC                    mov     edi,[r14+rdi-4]
0044  03F7                          add     esi,edi
0046  8BC6                          mov     eax,esi
0048  49895F10                      mov     [r15+10h],rbx
004C  C9                            leave
004D  C3                            ret
004E  41837F1800                    cmp     dword ptr [r15+18h],0
0053  7540                          jne     short @0095
0055  49837F6800                    cmp     qword ptr [r15+68h],0
005A  742B                          je      short @0087
005C  49FF4F68                      dec     qword ptr [r15+68h]
0060  4881C300100000                add     rbx,1000h
0067  7CE5                          jl      short @004E
0069  EBB0                          jmp     short @001B
006B  49895F10                      mov     [r15+10h],rbx
006F  B805010000                    mov     eax,105h
0074  E942FFFFFF                    jmp     trap_exit
0079  49895F10                      mov     [r15+10h],rbx
007D  B809010000                    mov     eax,109h
0082  E934FFFFFF                    jmp     trap_exit
0087  49895F10                      mov     [r15+10h],rbx
008B  B80A010000                    mov     eax,10Ah
0090  E926FFFFFF                    jmp     trap_exit
0095  49895F10                      mov     [r15+10h],rbx
0099  B80B010000                    mov     eax,10Bh
009E  E918FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7257                          jb      short @006C
0015  4883EB01                      sub     rbx,1
0019  7C26                          jl      short @0041
001B  49C786F8FF000001000000        mov     qword ptr [r14+0FFF8h],1
0026  41BB01000100                  mov     r11d,10001h
002C  4D3B5F08                      cmp     r11,[r15+8]
0030  772C                          ja      short @005E
0032  4BC7441EF801000000            mov     qword ptr [r14+r11-8],1
003B  49895F10                      mov     [r15+10h],rbx
003F  C9                            leave
0040  C3                            ret
0041  41837F1800                    cmp     dword ptr [r15+18h],0
0046  7540                          jne     short @0088
0048  49837F6800                    cmp     qword ptr [r15+68h],0
004D  742B                          je      short @007A
004F  49FF4F68                      dec     qword ptr [r15+68h]
0053  4881C300100000                add     rbx,1000h
005A  7CE5                          jl      short @0041
005C  EBBD                          jmp     short @001B
005E  49895F10                      mov     [r15+10h],rbx
0062  B805020000                    mov     eax,205h
0067  E9ACFEFFFF                    jmp     trap_exit
006C  49895F10                      mov     [r15+10h],rbx
0070  B809020000                    mov     eax,209h
0075  E99EFEFFFF                    jmp     trap_exit
007A  49895F10                      mov     [r15+10h],rbx
007E  B80A020000                    mov     eax,20Ah
0083  E990FEFFFF                    jmp     trap_exit
0088  49895F10                      mov     [r15+10h],rbx
008C  B80B020000                    mov     eax,20Bh
0091  E982FEFFFF                    jmp     trap_exit

