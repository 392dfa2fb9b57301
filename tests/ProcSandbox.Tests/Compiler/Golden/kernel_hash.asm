func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F82D9000000                  jb      @00F2
0019  4883EB01                      sub     rbx,1
001D  0F8CDD000000                  jl      @0100
0023  41837F1800                    cmp     dword ptr [r15+18h],0
0028  0F85E0000000                  jne     @010E
002E  48C745F800000000              mov     qword ptr [rbp-8],0
0036  48C745F000000000              mov     qword ptr [rbp-10h],0
003E  41BC00000000                  mov     r12d,0
0044  448B6D10                      mov     r13d,[rbp+10h]
0048  41B900000000                  mov     r9d,0
004E  41BC00000000                  mov     r12d,0
0054  4883EB01                      sub     rbx,1
0058  0F8CA2000000                  jl      @0100
005E  41837F1800                    cmp     dword ptr [r15+18h],0
0063  0F85A5000000                  jne     @010E
0069  453BE5                        cmp     r12d,r13d
006C  731E                          jae     short @008C
006E  418BF4                        mov     esi,r12d
0071  6BF61F                        imul    esi,1Fh
0074  458BDC                        mov     r11d,r12d
0077  4983C301                      add     r11,1
007B  4D3B5F08                      cmp     r11,[r15+8]
007F  7763                          ja      short @00E4
0081  4388741EFF                    mov     [r14+r11-1],sil
0086  4183C401                      add     r12d,1
008A  EBC8                          jmp     short @0054
008C  49B925232284E49CF2CB          mov     r9,0CBF29CE484222325h
0096  41BC00000000                  mov     r12d,0
009C  4883EB01                      sub     rbx,1
00A0  7C5E                          jl      short @0100
00A2  41837F1800                    cmp     dword ptr [r15+18h],0
00A7  7565                          jne     short @010E
00A9  453BE5                        cmp     r12d,r13d
00AC  732D                          jae     short @00DB
00AE  458BDC                        mov     r11d,r12d
00B1  4983C301                      add     r11,1
00B5  4D3B5F08                      cmp     r11,[r15+8]
00B9  7729                          ja      short @00E4
00BB  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
00C1  4933F1                        xor     rsi,r9
00C4  49BBB301000000010000          mov     r11,100000001B3h
00CE  490FAFF3                      imul    rsi,r11
00D2  4C8BCE                        mov     r9,rsi
00D5  4183C401                      add     r12d,1
00D9  EBC1                          jmp     short @009C
00DB  498BC1                        mov     rax,r9
00DE  49895F10                      mov     [r15+10h],rbx
00E2  C9                            leave
00E3  C3                            ret
00E4  49895F10                      mov     [r15+10h],rbx
00E8  B805010000                    mov     eax,105h
00ED  E903FFFFFF                    jmp     trap_exit
00F2  49895F10                      mov     [r15+10h],rbx
00F6  B809010000                    mov     eax,109h
00FB  E9F5FEFFFF                    jmp     trap_exit
0100  49895F10                      mov     [r15+10h],rbx
0104  B80A010000                    mov     eax,10Ah
0109  E9E7FEFFFF                    jmp     trap_exit
010E  49895F10                      mov     [r15+10h],rbx
0112  B80B010000                    mov     eax,10Bh
0117  E9D9FEFFFF                    jmp     trap_exit

