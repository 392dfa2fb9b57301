func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7235                          jb      short @004A
0015  4883EB01                      sub     rbx,1
0019  7C12                          jl      short @002D
001B  488B7510                      mov     rsi,[rbp+10h]
001F  480FAF7510                    imul    rsi,[rbp+10h]
0024  488BC6                        mov     rax,rsi
0027  49895F10                      mov     [r15+10h],rbx
002B  C9                            leave
002C  C3                            ret
002D  41837F1800                    cmp     dword ptr [r15+18h],0
0032  7532                          jne     short @0066
0034  49837F6800                    cmp     qword ptr [r15+68h],0
0039  741D                          je      short @0058
003B  49FF4F68                      dec     qword ptr [r15+68h]
003F  4881C300100000                add     rbx,1000h
0046  7CE5                          jl      short @002D
0048  EBD1                          jmp     short @001B
004A  49895F10                      mov     [r15+10h],rbx
004E  B809010000                    mov     eax,109h
0053  E963FFFFFF                    jmp     trap_exit
0058  49895F10                      mov     [r15+10h],rbx
005C  B80A010000                    mov     eax,10Ah
0061  E955FFFFFF                    jmp     trap_exit
0066  49895F10                      mov     [r15+10h],rbx
006A  B80B010000                    mov     eax,10Bh
006F  E947FFFFFF                    jmp     trap_exit

func1:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC20000000                sub     rsp,20h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  7251                          jb      short @0066
0015  4883EB01                      sub     rbx,1
0019  7C2E                          jl      short @0049
001B  FF7510                        push    qword ptr [rbp+10h]
001E  49895F10                      mov     [r15+10h],rbx
0022  E865FFFFFF                    call    func0
0027  4883C408                      add     rsp,8
002B  488945F0                      mov     [rbp-10h],rax
002F  FF7518                        push    qword ptr [rbp+18h]
0032  49895F10                      mov     [r15+10h],rbx
0036  E851FFFFFF                    call    func0
003B  4883C408                      add     rsp,8
003F  480345F0                      add     rax,[rbp-10h]
0043  49895F10                      mov     [r15+10h],rbx
0047  C9                            leave
0048  C3                            ret
0049  41837F1800                    cmp     dword ptr [r15+18h],0
004E  7532                          jne     short @0082
0050  49837F6800                    cmp     qword ptr [r15+68h],0
0055  741D                          je      short @0074
0057  49FF4F68                      dec     qword ptr [r15+68h]
005B  4881C300100000                add     rbx,1000h
0062  7CE5                          jl      short @0049
0064  EBB5                          jmp     short @001B
0066  49895F10                      mov     [r15+10h],rbx
006A  B809020000                    mov     eax,209h
006F  E9D3FEFFFF                    jmp     trap_exit
0074  49895F10                      mov     [r15+10h],rbx
0078  B80A020000                    mov     eax,20Ah
007D  E9C5FEFFFF                    jmp     trap_exit
0082  49895F10                      mov     [r15+10h],rbx
0086  B80B020000                    mov     eax,20Bh
008B  E9B7FEFFFF                    jmp     trap_exit

