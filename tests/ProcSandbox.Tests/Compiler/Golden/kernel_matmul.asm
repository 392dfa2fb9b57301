func0:
0000  55                            push    rbp
0001  4889E5                        mov     rbp,rsp
0004  4881EC70000000                sub     rsp,70h
000B  498B5F10                      mov     rbx,[r15+10h]
000F  493B6720                      cmp     rsp,[r15+20h]
0013  0F829D020000                  jb      @02B6
0019  4883EB01                      sub     rbx,1
001D  0F8CA1020000                  jl      @02C4
0023  41837F1800                    cmp     dword ptr [r15+18h],0
0028  0F85A4020000                  jne     @02D2
002E  48C745F800000000              mov     qword ptr [rbp-8],0
0036  48C745F000000000              mov     qword ptr [rbp-10h],0
003E  48C745E800000000              mov     qword ptr [rbp-18h],0
0046  48C745E000000000              mov     qword ptr [rbp-20h],0
004E  48C745D800000000              mov     qword ptr [rbp-28h],0
0056  48C745D000000000              mov     qword ptr [rbp-30h],0
005E  48C745C800000000              mov     qword ptr [rbp-38h],0
0066  48C745C000000000              mov     qword ptr [rbp-40h],0
006E  41BC00000000                  mov     r12d,0
0074  448B6D10                      mov     r13d,[rbp+10h]
0078  41B900000000                  mov     r9d,0
007E  41B800000000                  mov     r8d,0
0084  450F57F6                      xorps   xmm14,xmm14
0088  450F57ED                      xorps   xmm13,xmm13
008C  418BF5                        mov     esi,r13d
008F  410FAFF5                      imul    esi,r13d
0093  6BF608                        imul    esi,8
0096  488975D0                      mov     [rbp-30h],rsi
009A  8B75D0                        mov     esi,[rbp-30h]
009D  6BF602                        imul    esi,2
00A0  488975C8                      mov     [rbp-38h],rsi
00A4  41B800000000                  mov     r8d,0
00AA  4883EB01                      sub     rbx,1
00AE  0F8C10020000                  jl      @02C4
00B4  41837F1800                    cmp     dword ptr [r15+18h],0
00B9  0F8513020000                  jne     @02D2
00BF  418BF5                        mov     esi,r13d
00C2  410FAFF5                      imul    esi,r13d
00C6  443BC6                        cmp     r8d,esi
00C9  0F8384000000                  jae     @0153
00CF  418BF0                        mov     esi,r8d
00D2  C1E603                        shl     esi,3
00D5  BF07000000                    mov     edi,7
00DA  418BC0                        mov     eax,r8d
00DD  85FF                          test    edi,edi
00DF  0F84B5010000                  je      @029A
00E5  31D2                          xor     edx,edx
00E7  F7F7                          div     edi
00E9  0F57C0                        xorps   xmm0,xmm0
00EC  8BD2                          mov     edx,edx
00EE  F2480F2AC2                    cvtsi2sd xmm0,rdx
00F3  448BDE                        mov     r11d,esi
00F6  4983C308                      add     r11,8
00FA  4D3B5F08                      cmp     r11,[r15+8]
00FE  0F87A4010000                  ja      @02A8
0104  F2430F11441EF8                movsd   [r14+r11-8],xmm0
010B  418BF0                        mov     esi,r8d
010E  C1E603                        shl     esi,3
0111  0375D0                        add     esi,[rbp-30h]
0114  BF05000000                    mov     edi,5
0119  418BC0                        mov     eax,r8d
011C  85FF                          test    edi,edi
011E  0F8476010000                  je      @029A
0124  31D2                          xor     edx,edx
0126  F7F7                          div     edi
0128  0F57C0                        xorps   xmm0,xmm0
012B  8BD2                          mov     edx,edx
012D  F2480F2AC2                    cvtsi2sd xmm0,rdx
0132  448BDE                        mov     r11d,esi
0135  4983C308                      add     r11,8
0139  4D3B5F08                      cmp     r11,[r15+8]
013D  0F8765010000                  ja      @02A8
0143  F2430F11441EF8                movsd   [r14+r11-8],xmm0
014A  4183C001                      add     r8d,1
014E  E957FFFFFF                    jmp     @00AA
0153  41B800000000                  mov     r8d,0
0159  4883EB01                      sub     rbx,1
015D  0F8C61010000                  jl      @02C4
0163  41837F1800                    cmp     dword ptr [r15+18h],0
0168  0F8564010000                  jne     @02D2
016E  453BC5                        cmp     r8d,r13d
0171  0F83D5000000                  jae     @024C
0177  41B900000000                  mov     r9d,0
017D  4883EB01                      sub     rbx,1
0181  0F8C3D010000                  jl      @02C4
0187  41837F1800                    cmp     dword ptr [r15+18h],0
018C  0F8540010000                  jne     @02D2
0192  453BCD                        cmp     r9d,r13d
0195  0F83A8000000                  jae     @0243
019B  450F57F6                      xorps   xmm14,xmm14
019F  41BC00000000                  mov     r12d,0
01A5  4883EB01                      sub     rbx,1
01A9  0F8C15010000                  jl      @02C4
01AF  41837F1800                    cmp     dword ptr [r15+18h],0
01B4  0F8518010000                  jne     @02D2
01BA  453BE5                        cmp     r12d,r13d
01BD  7356                          jae     short @0215
01BF  418BF0                        mov     esi,r8d
01C2  410FAFF5                      imul    esi,r13d
01C6  4103F4                        add     esi,r12d
01C9  C1E603                        shl     esi,3
01CC  4883C608                      add     rsi,8
01D0  493B7708                      cmp     rsi,[r15+8]
01D4  0F87CE000000                  ja      @02A8
01DA  F2410F104436F8                movsd   xmm0,[r14+rsi-8]
01E1  418BF4                        mov     esi,r12d
01E4  410FAFF5                      imul    esi,r13d
01E8  4103F1                        add     esi,r9d
01EB  C1E603                        shl     esi,3
01EE  0375D0                        add     esi,[rbp-30h]
01F1  4883C608                      add     rsi,8
01F5  493B7708                      cmp     rsi,[r15+8]
01F9  0F87A9000000                  ja      @02A8
01FF  F2410F104C36F8                movsd   xmm1,[r14+rsi-8]
0206  F20F59C1                      mulsd   xmm0,xmm1
020A  F2440F58F0                    addsd   xmm14,xmm0
020F  4183C401                      add     r12d,1
0213  EB90                          jmp     short @01A5
0215  418BF0                        mov     esi,r8d
0218  410FAFF5                      imul    esi,r13d
021C  4103F1                        add     esi,r9d
021F  C1E603                        shl     esi,3
0222  0375C8                        add     esi,[rbp-38h]
0225  410F28C6                      movaps  xmm0,xmm14
0229  4883C608                      add     rsi,8
022D  493B7708                      cmp     rsi,[r15+8]
0231  7775                          ja      short @02A8
0233  F2410F114436F8                movsd   [r14+rsi-8],xmm0
023A  4183C101                      add     r9d,1
023E  E93AFFFFFF                    jmp     @017D
0243  4183C001                      add     r8d,1
0247  E90DFFFFFF                    jmp     @0159
024C  41B800000000                  mov     r8d,0
0252  4883EB01                      sub     rbx,1
0256  7C6C                          jl      short @02C4
0258  41837F1800                    cmp     dword ptr [r15+18h],0
025D  7573                          jne     short @02D2
025F  453BC5                        cmp     r8d,r13d
0262  732C                          jae     short @0290
0264  418BF0                        mov     esi,r8d
0267  410FAFF5                      imul    esi,r13d
026B  4103F0                        add     esi,r8d
026E  C1E603                        shl     esi,3
0271  0375C8                        add     esi,[rbp-38h]
0274  4883C608                      add     rsi,8
0278  493B7708                      cmp     rsi,[r15+8]
027C  772A                          ja      short @02A8
027E  F2410F104436F8                movsd   xmm0,[r14+rsi-8]
0285  F2440F58E8                    addsd   xmm13,xmm0
028A  4183C001                      add     r8d,1
028E  EBC2                          jmp     short @0252
0290  410F28C5                      movaps  xmm0,xmm13
0294  49895F10                      mov     [r15+10h],rbx
0298  C9                            leave
0299  C3                            ret
029A  49895F10                      mov     [r15+10h],rbx
029E  B802010000                    mov     eax,102h
02A3  E94DFDFFFF                    jmp     trap_exit
02A8  49895F10                      mov     [r15+10h],rbx
02AC  B805010000                    mov     eax,105h
02B1  E93FFDFFFF                    jmp     trap_exit
02B6  49895F10                      mov     [r15+10h],rbx
02BA  B809010000                    mov     eax,109h
02BF  E931FDFFFF                    jmp     trap_exit
02C4  49895F10                      mov     [r15+10h],rbx
02C8  B80A010000                    mov     eax,10Ah
02CD  E923FDFFFF                    jmp     trap_exit
02D2  49895F10                      mov     [r15+10h],rbx
02D6  B80B010000                    mov     eax,10Bh
02DB  E915FDFFFF                    jmp     trap_exit

