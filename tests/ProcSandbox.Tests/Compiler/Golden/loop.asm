func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F8297000000                  jb      @00B0
0019  4883EB01                      sub     rbx,1
001D  7C3A                          jl      short @0059
001F  48C745F800000000              mov     qword ptr [rbp-8],0
0027  448B6510                      mov     r12d,[rbp+10h]
002B  41BD00000000                  mov     r13d,0
0031  4883EB01                      sub     rbx,1
0035  7C3F                          jl      short @0076
0037  4585E4                        test    r12d,r12d
003A  7414                          je      short @0050
003C  4503EC                        add     r13d,r12d
003F  4183EC01                      sub     r12d,1
0043  4883EB01                      sub     rbx,1
0047  7C4A                          jl      short @0093
0049  4585E4                        test    r12d,r12d
004C  75EE                          jne     short @003C
004E  EB00                          jmp     short @0050
0050  418BC5                        mov     eax,r13d
0053  49895F10                      mov     [r15+10h],rbx
0057  C9                            leave
0058  C3                            ret
0059  41837F1800                    cmp     dword ptr [r15+18h],0
005E  756C                          jne     short @00CC
0060  49837F6800                    cmp     qword ptr [r15+68h],0
0065  7457                          je      short @00BE
0067  49FF4F68                      dec     qword ptr [r15+68h]
006B  4881C300100000                add     rbx,1000h
0072  7CE5                          jl      short @0059
0074  EBA9                          jmp     short @001F
0076  41837F1800                    cmp     dword ptr [r15+18h],0
007B  754F                          jne     short @00CC
007D  49837F6800                    cmp     qword ptr [r15+68h],0
0082  743A                          je      short @00BE
0084  49FF4F68                      dec     qword ptr [r15+68h]
0088  4881C300100000                add     rbx,1000h
008F  7CE5                          jl      short @0076
0091  EBA4                          jmp     short @0037
0093  41837F1800                    cmp     dword ptr [r15+18h],0
0098  7532                          jne     short @00CC
009A  49837F6800                    cmp     qword ptr [r15+68h],0
009F  741D                          je      short @00BE
00A1  49FF4F68                      dec     qword ptr [r15+68h]
00A5  4881C300100000                add     rbx,1000h
00AC  7CE5                          jl      short @0093
00AE  EB99                          jmp     short @0049
00B0  49895F10                      mov     [r15+10h],rbx
00B4  B809010000                    mov     eax,109h
00B9  E937FFFFFF                    jmp     trap_exit
00BE  49895F10                      mov     [r15+10h],rbx
00C2  B80A010000                    mov     eax,10Ah
00C7  E929FFFFFF                    jmp     trap_exit
00CC  49895F10                      mov     [r15+10h],rbx
00D0  B80B010000                    mov     eax,10Bh
00D5  E91BFFFFFF                    jmp     trap_exit

