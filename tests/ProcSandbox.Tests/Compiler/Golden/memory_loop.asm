func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC10000000                sub     rsp,10h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  722A                          jb      short @003F
0015  4883EB01                      sub     rbx,1
0019  7C07                          jl      short @0022
001B  90                            nop
001C  49895F10                      mov     [r15+10h],rbx
0020  C9                            leave
0021  C3                            ret
0022  41837F1800                    cmp     dword ptr [r15+18h],0
0027  7532                          jne     short @005B
0029  49837F6800                    cmp     qword ptr [r15+68h],0
002E  741D                          je      short @004D
0030  49FF4F68                      dec     qword ptr [r15+68h]
0034  4881C300100000                add     rbx,1000h
003B  7CE5                          jl      short @0022
003D  EBDC                          jmp     short @001B
003F  49895F10                      mov     [r15+10h],rbx
0043  B809010000                    mov     eax,109h
0048  E9A8FFFFFF                    jmp     trap_exit
004D  49895F10                      mov     [r15+10h],rbx
0051  B80A010000                    mov     eax,10Ah
0056  E99AFFFFFF                    jmp     trap_exit
005B  49895F10                      mov     [r15+10h],rbx
005F  B80B010000                    mov     eax,10Bh
0064  E98CFFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  498B7708                      mov     rsi,[r15+8]
0013  493B6720                      cmp     rsp,[r15+20h]
0017  0F8205010000                  jb      @0122
001D  4883EB01                      sub     rbx,1
0021  0F8C8C000000                  jl      @00B3
0027  48C745F800000000              mov     qword ptr [rbp-8],0
002F  448B6510                      mov     r12d,[rbp+10h]
0033  41BD00000000                  mov     r13d,0
0039  4883EB01                      sub     rbx,1
003D  0F8C94000000                  jl      @00D7
0043  4585E4                        test    r12d,r12d
0046  7462                          je      short @00AA
0048  4183EC04                      sub     r12d,4
004C  458BDC                        mov     r11d,r12d
004F  4983C308                      add     r11,8
0053  4C3BDE                        cmp     r11,rsi
0056  0F87B8000000                  ja      @0114
005C  438B7C1EFC                    mov     edi,[r14+r11-4]
0061  4403EF                        add     r13d,edi
0064  4C896510                      mov     [rbp+10h],r12
0068  4C896DF8                      mov     [rbp-8],r13
006C  4155                          push    r13
006E  49895F10                      mov     [r15+10h],rbx
0072  E820FFFFFF                    call    func0
0077  4883C408                      add     rsp,8
007B  448B6510                      mov     r12d,[rbp+10h]
007F  448B6DF8                      mov     r13d,[rbp-8]
0083  498B7708                      mov     rsi,[r15+8]
0087  458BDD                        mov     r11d,r13d
008A  4983C301                      add     r11,1
008E  4C3BDE                        cmp     r11,rsi
0091  0F877D000000                  ja      @0114
0097  43C6441EFF01                  mov     byte ptr [r14+r11-1],1
009D  4883EB01                      sub     rbx,1
00A1  7C54                          jl      short @00F7
00A3  4585E4                        test    r12d,r12d
00A6  75A0                          jne     short @0048
00A8  EB00                          jmp     short @00AA
00AA  418BC5                        mov     eax,r13d
00AD  49895F10                      mov     [r15+10h],rbx
00B1  C9                            leave
00B2  C3                            ret
00B3  41837F1800                    cmp     dword ptr [r15+18h],0
00B8  0F8580000000                  jne     @013E
00BE  49837F6800                    cmp     qword ptr [r15+68h],0
00C3  746B                          je      short @0130
00C5  49FF4F68                      dec     qword ptr [r15+68h]
00C9  4881C300100000                add     rbx,1000h
00D0  7CE1                          jl      short @00B3
00D2  E950FFFFFF                    jmp     @0027
00D7  41837F1800                    cmp     dword ptr [r15+18h],0
00DC  7560                          jne     short @013E
00DE  49837F6800                    cmp     qword ptr [r15+68h],0
00E3  744B                          je      short @0130
00E5  49FF4F68                      dec     qword ptr [r15+68h]
00E9  4881C300100000                add     rbx,1000h
00F0  7CE5                          jl      short @00D7
00F2  E94CFFFFFF                    jmp     @0043
00F7  41837F1800                    cmp     dword ptr [r15+18h],0
00FC  7540                          jne     short @013E
00FE  49837F6800                    cmp     qword ptr [r15+68h],0
0103  742B                          je      short @0130
0105  49FF4F68                      dec     qword ptr [r15+68h]
0109  4881C300100000                add     rbx,1000h
0110  7CE5                          jl      short @00F7
0112  EB8F                          jmp     short @00A3
0114  49895F10                      mov     [r15+10h],rbx
0118  B805020000                    mov     eax,205h
011D  E96AFEFFFF                    jmp     trap_exit
0122  49895F10                      mov     [r15+10h],rbx
0126  B809020000                    mov     eax,209h
012B  E95CFEFFFF                    jmp     trap_exit
0130  49895F10                      mov     [r15+10h],rbx
0134  B80A020000                    mov     eax,20Ah
0139  E94EFEFFFF                    jmp     trap_exit
013E  49895F10                      mov     [r15+10h],rbx
0142  B80B020000                    mov     eax,20Bh
0147  E940FEFFFF                    jmp     trap_exit

