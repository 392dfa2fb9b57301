func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC30000000                sub     rsp,30h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F8251010000                  jb      @016A
0019  4883EB01                      sub     rbx,1
001D  0F8C55010000                  jl      @0178
0023  41837F1800                    cmp     dword ptr [r15+18h],0
0028  0F8558010000                  jne     @0186
002E  48C745F800000000              mov     qword ptr [rbp-8],0
0036  48C745F000000000              mov     qword ptr [rbp-10h],0
003E  48C745E800000000              mov     qword ptr [rbp-18h],0
0046  41BC00000000                  mov     r12d,0
004C  41BD00000000                  mov     r13d,0
0052  448B4D10                      mov     r9d,[rbp+10h]
0056  41B800000000                  mov     r8d,0
005C  41BD00000000                  mov     r13d,0
0062  4883EB01                      sub     rbx,1
0066  0F8C0C010000                  jl      @0178
006C  41837F1800                    cmp     dword ptr [r15+18h],0
0071  0F850F010000                  jne     @0186
0077  453BE9                        cmp     r13d,r9d
007A  731D                          jae     short @0099
007C  458BDD                        mov     r11d,r13d
007F  4983C301                      add     r11,1
0083  4D3B5F08                      cmp     r11,[r15+8]
0087  0F87CF000000                  ja      @015C
008D  43C6441EFF01                  mov     byte ptr [r14+r11-1],1
0093  4183C501                      add     r13d,1
0097  EBC9                          jmp     short @0062
0099  41BD02000000                  mov     r13d,2
009F  4883EB01                      sub     rbx,1
00A3  0F8CCF000000                  jl      @0178
00A9  41837F1800                    cmp     dword ptr [r15+18h],0
00AE  0F85D2000000                  jne     @0186
00B4  418BF5                        mov     esi,r13d
00B7  410FAFF5                      imul    esi,r13d
00BB  413BF1                        cmp     esi,r9d
00BE  775F                          ja      short @011F
00C0  458BDD                        mov     r11d,r13d
00C3  4983C301                      add     r11,1
00C7  4D3B5F08                      cmp     r11,[r15+8]
00CB  0F878B000000                  ja      @015C
00D1  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
00D7  85F6                          test    esi,esi
00D9  743D                          je      short @0118
00DB  418BF5                        mov     esi,r13d
00DE  410FAFF5                      imul    esi,r13d
00E2  448BE6                        mov     r12d,esi
00E5  4883EB01                      sub     rbx,1
00E9  0F8C89000000                  jl      @0178
00EF  41837F1800                    cmp     dword ptr [r15+18h],0
00F4  0F858C000000                  jne     @0186
00FA  453BE1                        cmp     r12d,r9d
00FD  7318                          jae     short @0117
00FF  458BDC                        mov     r11d,r12d
0102  4983C301                      add     r11,1
0106  4D3B5F08                      cmp     r11,[r15+8]
010A  7750                          ja      short @015C
010C  43C6441EFF00                  mov     byte ptr [r14+r11-1],0
0112  4503E5                        add     r12d,r13d
0115  EBCE                          jmp     short @00E5
0117  90                            nop
0118  90                            nop
0119  4183C501                      add     r13d,1
011D  EB80                          jmp     short @009F
011F  41BD02000000                  mov     r13d,2
0125  4883EB01                      sub     rbx,1
0129  7C4D                          jl      short @0178
012B  41837F1800                    cmp     dword ptr [r15+18h],0
0130  7554                          jne     short @0186
0132  453BE9                        cmp     r13d,r9d
0135  731C                          jae     short @0153
0137  458BDD                        mov     r11d,r13d
013A  4983C301                      add     r11,1
013E  4D3B5F08                      cmp     r11,[r15+8]
0142  7718                          ja      short @015C
0144  430FB6741EFF                  movzx   esi,byte ptr [r14+r11-1]
014A  4403C6                        add     r8d,esi
014D  4183C501                      add     r13d,1
0151  EBD2                          jmp     short @0125
0153  418BC0                        mov     eax,r8d
0156  49895F10                      mov     [r15+10h],rbx
015A  C9                            leave
015B  C3                            ret
015C  49895F10                      mov     [r15+10h],rbx
0160  B805010000                    mov     eax,105h
0165  E98BFEFFFF                    jmp     trap_exit
016A  49895F10                      mov     [r15+10h],rbx
016E  B809010000                    mov     eax,109h
0173  E97DFEFFFF                    jmp     trap_exit
0178  49895F10                      mov     [r15+10h],rbx
017C  B80A010000                    mov     eax,10Ah
0181  E96FFEFFFF                    jmp     trap_exit
0186  49895F10                      mov     [r15+10h],rbx
018A  B80B010000                    mov     eax,10Bh
018F  E961FEFFFF                    jmp     trap_exit

