func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F82E1000000                  jb      @00FA
0019  4883EB01                      sub     rbx,1
001D  0F8C7A000000                  jl      @009D
0023  48C745F800000000              mov     qword ptr [rbp-8],0
002B  448B6510                      mov     r12d,[rbp+10h]
002F  41BD00000000                  mov     r13d,0
0035  4883EB01                      sub     rbx,1
0039  0F8C7E000000                  jl      @00BD
003F  4585E4                        test    r12d,r12d
0042  7450                          je      short @0094
0044  EB3A                          jmp     short @0080
0046  90                            nop
0047  90                            nop
0048  90                            nop
0049  90                            nop
004A  90                            nop
004B  90                            nop
004C  90                            nop
004D  90                            nop
004E  90                            nop
004F  90                            nop
0050  90                            nop
0051  90                            nop
0052  90                            nop
0053  90                            nop
0054  90                            nop
0055  90                            nop
0056  90                            nop
0057  90                            nop
0058  90                            nop
0059  90                            nop
005A  90                            nop
005B  90                            nop
005C  90                            nop
005D  90                            nop
005E  90                            nop
005F  90                            nop
0060  90                            nop
0061  90                            nop
0062  90                            nop
0063  90                            nop
0064  90                            nop
0065  90                            nop
0066  90                            nop
0067  90                            nop
0068  90                            nop
0069  90                            nop
006A  90                            nop
006B  90                            nop
006C  90                            nop
006D  90                            nop
006E  90                            nop
006F  90                            nop
0070  90                            nop
0071  90                            nop
0072  90                            nop
0073  90                            nop
0074  90                            nop
0075  90                            nop
0076  90                            nop
0077  90                            nop
0078  90                            nop
0079  90                            nop
007A  90                            nop
007B  90                            nop
007C  90                            nop
007D  90                            nop
007E  90                            nop
007F  90                            nop
0080  4503EC                        add     r13d,r12d
0083  4183EC01                      sub     r12d,1
0087  4883EB01                      sub     rbx,1
008B  7C50                          jl      short @00DD
008D  4585E4                        test    r12d,r12d
0090  75EE                          jne     short @0080
0092  EB00                          jmp     short @0094
0094  418BC5                        mov     eax,r13d
0097  49895F10                      mov     [r15+10h],rbx
009B  C9                            leave
009C  C3                            ret
009D  41837F1800                    cmp     dword ptr [r15+18h],0
00A2  7572                          jne     short @0116
00A4  49837F6800                    cmp     qword ptr [r15+68h],0
00A9  745D                          je      short @0108
00AB  49FF4F68                      dec     qword ptr [r15+68h]
00AF  4881C300100000                add     rbx,1000h
00B6  7CE5                          jl      short @009D
00B8  E966FFFFFF                    jmp     @0023
00BD  41837F1800                    cmp     dword ptr [r15+18h],0
00C2  7552                          jne     short @0116
00C4  49837F6800                    cmp     qword ptr [r15+68h],0
00C9  743D                          je      short @0108
00CB  49FF4F68                      dec     qword ptr [r15+68h]
00CF  4881C300100000                add     rbx,1000h
00D6  7CE5                          jl      short @00BD
00D8  E962FFFFFF                    jmp     @003F
00DD  41837F1800                    cmp     dword ptr [r15+18h],0
00E2  7532                          jne     short @0116
00E4  49837F6800                    cmp     qword ptr [r15+68h],0
00E9  741D                          je      short @0108
00EB  49FF4F68                      dec     qword ptr [r15+68h]
00EF  4881C300100000                add     rbx,1000h
00F6  7CE5                          jl      short @00DD
00F8  EB93                          jmp     short @008D
00FA  49895F10                      mov     [r15+10h],rbx
00FE  B809010000                    mov     eax,109h
0103  E9B3FEFFFF                    jmp     trap_exit
0108  49895F10                      mov     [r15+10h],rbx
010C  B80A010000                    mov     eax,10Ah
0111  E9A5FEFFFF                    jmp     trap_exit
0116  49895F10                      mov     [r15+10h],rbx
011A  B80B010000                    mov     eax,10Bh
011F  E997FEFFFF                    jmp     trap_exit

