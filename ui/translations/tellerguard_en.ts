<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AdminDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/admin.py" line="30"/>
        <source>操作员与封存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/admin.py" line="33"/>
        <source>操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/admin.py" line="35"/>
        <source>校验与封存</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthorizationDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="51"/>
        <source>【{level}】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="52"/>
        <source>{title}：{explanation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="63"/>
        <source>&lt;p style=&quot;font-size:13pt;&quot;&gt;&lt;b&gt;需主管本人授权方可继续办理&lt;/b&gt;&lt;/p&gt;&lt;p&gt;经办柜员：{teller}；客户决定：{decision}&lt;/p&gt;&lt;ul&gt;{items}&lt;/ul&gt;&lt;p&gt;请主管核实客户情况（建议单独询问客户、联系家属）后输入本人工号和密码。客户签字不能代替授权。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="72"/>
        <source>授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="74"/>
        <source>不授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="100"/>
        <source>请主管输入本人工号和密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/authorization.py" line="104"/>
        <source>请填写授权理由（至少{count}个字）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="14"/>
        <source>主管授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="38"/>
        <source>主管工号(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="51"/>
        <source>主管本人工号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="58"/>
        <source>主管密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="78"/>
        <source>授权理由(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../authorization_dialog.ui" line="91"/>
        <source>主管核实情况及同意办理的理由（必填）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CasePresenter</name>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="263"/>
        <source>近30天记录暂时无法读取，请人工询问客户近期是否办理过</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="159"/>
        <source>“{action}”超出您的权限，须由系统管理员本人在此输入用户名和密码，将记录为其本人的操作（登录也记入审计记录）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="163"/>
        <source>确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="164"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../credentials_dialog.ui" line="14"/>
        <source>需要系统管理员本人确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../credentials_dialog.ui" line="35"/>
        <source>用户名(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../credentials_dialog.ui" line="48"/>
        <source>有权限的操作员本人的用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../credentials_dialog.ui" line="55"/>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HitListModel</name>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="56"/>
        <source>【{level}】{title}
{explanation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="61"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="62"/>
        <source>依据：{references}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="48"/>
        <location filename="../login_dialog.ui" line="14"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="49"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="51"/>
        <location filename="../../tellerguard/gui/views/login.py" line="52"/>
        <source>屏幕已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="55"/>
        <source>{branch}
长时间未操作已自动锁定，正在办理的业务已保留。
请输入本人密码解锁。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="63"/>
        <source>解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="64"/>
        <location filename="../../tellerguard/gui/views/login.py" line="93"/>
        <source>退出程序</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="78"/>
        <source>请输入工号和密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/login.py" line="93"/>
        <source>退出将放弃正在办理、尚未完成的业务。确定退出吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../login_dialog.ui" line="23"/>
        <source>TellerGuard 柜面反诈助手</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../login_dialog.ui" line="48"/>
        <source>工号(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../login_dialog.ui" line="61"/>
        <source>如 teller01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../login_dialog.ui" line="68"/>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="136"/>
        <source>{text}（{keys}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="167"/>
        <source>规则包管理…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="170"/>
        <source>检查新规则包或本网点参数、回放、申请启用与审批（规则管理员、主管）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="176"/>
        <source>操作员与封存…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="178"/>
        <source>管理操作员、校验与封存审计记录（系统管理员）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="252"/>
        <source>已带入本次来访客户的身份信息（新客户请按 Ctrl+N 清空）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="310"/>
        <source>仅主管可用：请由主管登录后查看审计记录与统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="324"/>
        <location filename="../main_window.ui" line="134"/>
        <source>新业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="324"/>
        <source>清空当前表单中尚未完成的内容？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="344"/>
        <source>屏幕已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="365"/>
        <location filename="../main_window.ui" line="300"/>
        <source>快捷键</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="370"/>
        <location filename="../main_window.ui" line="308"/>
        <source>关于 TellerGuard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="372"/>
        <source>TellerGuard 柜面反诈助手
开户与大额转账实时风险评估、二次提醒、主管授权与防篡改审计记录。
本工具仅作提示，办理决定由柜员作出并留痕。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="393"/>
        <location filename="../main_window.ui" line="292"/>
        <source>退出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="394"/>
        <source>当前业务尚未完成办理，退出将丢失已填写内容。确定退出吗？</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="14"/>
        <source>TellerGuard 柜面反诈助手</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="47"/>
        <source>个人开户 (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="78"/>
        <source>大额转账 (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="190"/>
        <source>业务(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="207"/>
        <source>帮助(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="219"/>
        <source>个人开户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="222"/>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="227"/>
        <source>大额转账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="230"/>
        <source>Ctrl+2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="235"/>
        <source>新业务（清空表单）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="238"/>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="144"/>
        <location filename="../main_window.ui" line="243"/>
        <source>完成办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="246"/>
        <source>Ctrl+Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="251"/>
        <source>审计与统计（主管）…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="254"/>
        <source>浏览审计记录、查看本网点劝阻统计、导出与校验（仅主管可用）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="257"/>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="262"/>
        <source>锁定屏幕</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="265"/>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="270"/>
        <source>切换用户…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="273"/>
        <source>换另一位柜员或主管登录（当前业务可保留或放弃）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="276"/>
        <source>Ctrl+Shift+U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="281"/>
        <source>注销登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="284"/>
        <source>退出当前用户，回到登录窗口</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="287"/>
        <source>Ctrl+Shift+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="295"/>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../main_window.ui" line="303"/>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NullableCheckBox</name>
    <message>
        <location filename="../../tellerguard/gui/widgets.py" line="143"/>
        <source>{label}：{state}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpeningForm</name>
    <message>
        <location filename="../opening_form.ui" line="14"/>
        <source>个人开户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="20"/>
        <source>客户身份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="26"/>
        <source>证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="36"/>
        <location filename="../opening_form.ui" line="145"/>
        <location filename="../opening_form.ui" line="230"/>
        <location filename="../opening_form.ui" line="253"/>
        <location filename="../opening_form.ui" line="316"/>
        <source>请选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="49"/>
        <source>证件号码(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="62"/>
        <source>刷卡或输入证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="82"/>
        <source>客户姓名(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="95"/>
        <source>与证件一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="102"/>
        <source>手机号码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="115"/>
        <source>预留手机号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="135"/>
        <source>职业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="158"/>
        <source>工作单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="171"/>
        <location filename="../opening_form.ui" line="191"/>
        <source>无则留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="178"/>
        <source>住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="214"/>
        <source>开户业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="220"/>
        <source>账户类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="243"/>
        <source>开户用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="266"/>
        <source>本行已有Ⅰ类户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="279"/>
        <location filename="../opening_form.ui" line="299"/>
        <source> 个</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="286"/>
        <source>本行已有账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="306"/>
        <source>异地开户原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="329"/>
        <source>已提供本地工作或居住证明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="336"/>
        <source>开通非柜面业务（网银、手机银行）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="343"/>
        <source>该手机号已被其他客户预留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="350"/>
        <source>批量开户（一人带多人来开户）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="357"/>
        <source>手机号登记在本人名下</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="367"/>
        <source>客户清楚开户用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="380"/>
        <source>客户行为（据实勾选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="386"/>
        <source>有人陪同前来</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="393"/>
        <source>陪同人代客户回答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="400"/>
        <source>由代理人代办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="407"/>
        <source>办理时正在通话、听从电话指示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="414"/>
        <source>手机开着屏幕共享或会议软件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="421"/>
        <source>按他人（聊天消息）指示操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="428"/>
        <source>被要求对家人或银行保密</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="435"/>
        <source>有人承诺给予好处费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="445"/>
        <source>柜员备注（记录客户原话）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../opening_form.ui" line="454"/>
        <source>例如：客户称“朋友”在微信上让转款给第三人</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="74"/>
        <source>新操作员首次登录时须修改这里设置的初始密码。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="75"/>
        <source>为 {user} 设置临时密码：账户同时解锁，下次登录须修改。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="76"/>
        <source>{user} 现在的角色：{role}。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="77"/>
        <source>停用后 {user} 不能再登录，其审计记录保留。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="90"/>
        <source>确定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="91"/>
        <source>取消</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="119"/>
        <source>密码符合规则，请再次输入以确认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="122"/>
        <source>密码符合规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="131"/>
        <source>两次输入的密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="134"/>
        <source>请输入密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="14"/>
        <source>操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="35"/>
        <source>用户名(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="48"/>
        <source>2-32 位小写字母、数字或 . _ -</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="55"/>
        <source>姓名(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="68"/>
        <source>显示的姓名，如 王芳</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="75"/>
        <source>角色(&amp;J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="88"/>
        <source>密码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="104"/>
        <source>至少 10 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="111"/>
        <source>再次输入(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="134"/>
        <source>原因(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operator_dialog.ui" line="147"/>
        <source>将记入审计记录，如 调离本网点</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OperatorsPage</name>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="207"/>
        <source>须由系统管理员本人输入用户名和密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="224"/>
        <source>无法列出操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="260"/>
        <source>请先在表中选择一位操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="260"/>
        <source>无法操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/operators.py" line="287"/>
        <source>无法{action}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="30"/>
        <source>操作员(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="61"/>
        <source>新增操作员(&amp;N)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="71"/>
        <source>解锁(&amp;U)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="81"/>
        <source>重置密码(&amp;R)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="91"/>
        <source>修改角色(&amp;J)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="101"/>
        <source>停用(&amp;B)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../operators_page.ui" line="118"/>
        <source>刷新(&amp;H)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefusalDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="48"/>
        <source>&#x3000;向客户说明诈骗手法，劝阻客户，不予办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="59"/>
        <source>确认拒绝办理并记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="61"/>
        <source>返回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="70"/>
        <source>请填写拒绝理由（至少{count}个字）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../refusal_dialog.ui" line="14"/>
        <source>拒绝办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../refusal_dialog.ui" line="36"/>
        <source>向客户说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../refusal_dialog.ui" line="54"/>
        <source>拒绝理由(&amp;R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../refusal_dialog.ui" line="84"/>
        <source>已移交公安或报警（诈骗正在发生请拨打 110）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../refusal_dialog.ui" line="93"/>
        <source>客户异议与申诉途径</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReminderDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="113"/>
        <location filename="../reminder_dialog.ui" line="14"/>
        <source>二次提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="107"/>
        <source>&#x3000;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="117"/>
        <source>&#x3000;&lt;b&gt;客户坚持办理须主管本人授权&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="135"/>
        <source>记录客户原话；客户拒答请写“拒答”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="141"/>
        <source>本次命中的规则没有需要记录的问题。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="162"/>
        <source>确认并记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="165"/>
        <source>返回修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="183"/>
        <source>用时 {minutes}:{seconds}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="197"/>
        <source>请记录客户对第 {numbers} 题的回答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="198"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="205"/>
        <source>请选择客户的决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="51"/>
        <source>用时 0:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="60"/>
        <source>请逐条向客户宣读</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="79"/>
        <source>询问客户并记录回答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="102"/>
        <source>客户决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="108"/>
        <source>客户坚持办理(&amp;1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="115"/>
        <source>劝阻成功，不再办理(&amp;2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="122"/>
        <source>移交公安(&amp;3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="129"/>
        <source>延迟到账(&amp;4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="140"/>
        <source>已联系家属(&amp;5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="147"/>
        <source>补充说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../reminder_dialog.ui" line="160"/>
        <source>如：家属电话核实情况、民警姓名</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RiskPanel</name>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="59"/>
        <source>信息有误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="60"/>
        <source>请更正标红的内容，更正后自动评估。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="62"/>
        <location filename="../risk_panel.ui" line="27"/>
        <source>待填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="63"/>
        <source>填写完整后自动评估风险。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="66"/>
        <source>✗ {label}：{message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="79"/>
        <source>&lt;div&gt;&lt;b&gt;尚未填写（{count}项）：&lt;/b&gt;{fields}&lt;/div&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="80"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="86"/>
        <location filename="../risk_panel.ui" line="69"/>
        <source>命中规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="98"/>
        <source>命中规则（{count}条）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="100"/>
        <source>未命中任何规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/risk_panel.py" line="104"/>
        <source>规则包 {pack} 版本 {version}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../risk_panel.ui" line="14"/>
        <source>风险评估</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../risk_panel.ui" line="20"/>
        <source>实时风险评估</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RulePackDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="192"/>
        <source>参数“{title}”：{problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="198"/>
        <source>选择规则包文件夹</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="220"/>
        <source>&lt;p&gt;正在检查并回放最近 {last} 笔业务…&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="261"/>
        <source>不能提交申请</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="265"/>
        <source>已提交启用申请 #{seq}，须另一位有审批权限的人员批准后生效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="280"/>
        <source>请审批人输入本人的用户名和密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="280"/>
        <source>需要审批人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="292"/>
        <source>未能批准</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="297"/>
        <source>申请 #{seq} 已批准，自记录 #{event} 起生效的是：规则包 {pack}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="312"/>
        <source>未能驳回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="316"/>
        <source>申请 #{seq} 已驳回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="325"/>
        <source>未能撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="328"/>
        <source>申请 #{seq} 已撤回</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="18"/>
        <source>规则包管理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="36"/>
        <source>规则包文件夹(&amp;D)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="46"/>
        <source>选择新的规则包文件夹，或沿用生效的规则包只修改本网点参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="56"/>
        <source>打开文件夹(&amp;O)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="63"/>
        <source>回放最近(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="82"/>
        <source> 笔</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="92"/>
        <source>检查并回放(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="95"/>
        <source>加载规则包、运行自带示例、与生效规则包比对，并用本机最近记录的业务回放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="108"/>
        <source>本网点参数（在规则包允许的范围内修改，双击“本网点取值”编辑）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="127"/>
        <source>参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="132"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="137"/>
        <source>规则包默认</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="142"/>
        <source>允许范围</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="147"/>
        <source>本网点取值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="172"/>
        <source>变更说明(&amp;R)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="182"/>
        <source>为什么要变更（记入审计记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="192"/>
        <source>提交启用申请(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="195"/>
        <source>记录申请、比对摘要和回放摘要；须另一位有审批权限的人员批准后才生效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="204"/>
        <source>待审批的申请（须另一人输入本人密码审批）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="226"/>
        <source>编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="231"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="236"/>
        <source>申请时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="241"/>
        <source>规则包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="246"/>
        <source>本网点参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="251"/>
        <source>回放摘要</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="267"/>
        <source>审批人(&amp;U)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="277"/>
        <source>审批人用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="284"/>
        <source>密码(&amp;P)：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="294"/>
        <source>审批人本人密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="307"/>
        <source>批准并启用(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="314"/>
        <source>驳回理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="324"/>
        <source>驳回(&amp;J)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="334"/>
        <source>撤回本人申请(&amp;W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../rule_pack_dialog.ui" line="358"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SealsPage</name>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="74"/>
        <source>重新计算整条哈希链并核对每个封存；校验期间窗口可照常使用，可随时取消。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="92"/>
        <source>无法校验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="97"/>
        <source>另一项校验正在进行，本次校验将在其完成后开始…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="99"/>
        <source>正在校验…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="107"/>
        <source>正在取消…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="135"/>
        <source>校验已取消，未得出结论，也未记录校验结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="156"/>
        <source>最近的封存(&amp;L)：{summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="179"/>
        <source>无法封存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="188"/>
        <source>检查点_{day}_{seq}.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="197"/>
        <source>无法导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="204"/>
        <source>导出检查点（离机保管）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/seals.py" line="206"/>
        <source>检查点 (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="17"/>
        <source>校验审计链</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="25"/>
        <source>开始校验(&amp;K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="35"/>
        <source>取消校验(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="70"/>
        <source>日终封存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="78"/>
        <source>封存至当前(&amp;S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="88"/>
        <source>导出检查点(&amp;X)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../seals_page.ui" line="107"/>
        <source>最近的封存(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="106"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="236"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="311"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="319"/>
        <source>无法查询</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="120"/>
        <source>风险评估按等级（次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="121"/>
        <source>命中最多的规则（笔，占评估业务比例）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="165"/>
        <source>操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="167"/>
        <source>校验与封存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="238"/>
        <source>审计记录(&amp;E)：查询中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="248"/>
        <source>统计中…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="259"/>
        <source>本期没有记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="273"/>
        <source>无法统计</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="277"/>
        <source>统计尚未完成，请稍候再导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="282"/>
        <source>网点统计_{date_from}_{date_to}.xlsx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="293"/>
        <source>统计表已导出：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="297"/>
        <source>客户 {customer} 的</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="302"/>
        <source>审计记录(&amp;E)：{who}共 {count} 条（滚动即加载，不设上限）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="311"/>
        <source>请输入客户完整证件号或卡号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="313"/>
        <source>查询客户 {number} 的审计记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="329"/>
        <location filename="../supervisor_dialog.ui" line="217"/>
        <source>完整证件号或卡号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="365"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="378"/>
        <source>补打确认书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="371"/>
        <source>无法补打</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="374"/>
        <source>确认书已补打：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="378"/>
        <source>二次提醒的审计序号：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="386"/>
        <source>请输入客户完整证件号、卡号或业务编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="386"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="394"/>
        <source>无法调取</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="388"/>
        <source>调取倒查档案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="400"/>
        <source>档案已调取：{cases} 笔业务，调取记录为审计事件 #{seq}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="409"/>
        <source>倒查档案_{seq}.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="416"/>
        <source>文件已存在，请换一个文件名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="416"/>
        <source>无法打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="418"/>
        <location filename="../supervisor_dialog.ui" line="431"/>
        <source>倒查档案</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="419"/>
        <source>档案已写入 PDF：{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="425"/>
        <source>倒查档案_{seq}_{format}.zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="442"/>
        <source>查看客户信息须登记原因（将记入审计记录）：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="452"/>
        <source>保存 PDF 文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="452"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="453"/>
        <source>导出统计表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="453"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="454"/>
        <source>导出审计记录（脱敏）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="454"/>
        <source>导出包 (*.zip)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="478"/>
        <source>正在校验审计链…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="277"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="291"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="436"/>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="469"/>
        <source>无法导出</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="119"/>
        <source>本期提醒与处置（次）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="483"/>
        <source>审计链校验未通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="14"/>
        <source>审计与统计（主管）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="37"/>
        <source>起始日期(&amp;F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="50"/>
        <location filename="../supervisor_dialog.ui" line="70"/>
        <source>yyyy-MM-dd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="57"/>
        <source>截止日期(&amp;T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="77"/>
        <source>事件类型(&amp;Y)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="97"/>
        <source>操作员(&amp;O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="107"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="120"/>
        <source>查询(&amp;Q)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="147"/>
        <source>风险等级(&amp;L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="167"/>
        <source>客户决定(&amp;D)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="187"/>
        <source>风险类型(&amp;G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="207"/>
        <source>客户(&amp;C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="230"/>
        <source>按客户查询(&amp;K)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="240"/>
        <source>清除客户条件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="272"/>
        <source>审计记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="278"/>
        <source>审计记录(&amp;E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="330"/>
        <source>统计图表</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="357"/>
        <source>分组(&amp;B)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="370"/>
        <source>统计表导出 XLSX(&amp;W)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="439"/>
        <source>客户证件号/卡号或业务编号(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="449"/>
        <source>完整号码或 32 位业务编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="462"/>
        <source>调取档案(&amp;R)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="472"/>
        <source>打印 PDF(&amp;P)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="482"/>
        <source>导出档案包(&amp;B)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="492"/>
        <source>补打确认书(&amp;U)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="543"/>
        <source>导出格式(&amp;M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="556"/>
        <source>导出（脱敏）(&amp;X)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="566"/>
        <source>校验审计链(&amp;V)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../supervisor_dialog.ui" line="589"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferForm</name>
    <message>
        <location filename="../transfer_form.ui" line="14"/>
        <location filename="../transfer_form.ui" line="214"/>
        <source>大额转账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="20"/>
        <source>客户身份</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="26"/>
        <source>证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="36"/>
        <location filename="../transfer_form.ui" line="145"/>
        <location filename="../transfer_form.ui" line="327"/>
        <location filename="../transfer_form.ui" line="350"/>
        <source>请选择</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="49"/>
        <source>证件号码(&amp;I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="62"/>
        <source>刷卡或输入证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="82"/>
        <source>客户姓名(&amp;N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="95"/>
        <source>与证件一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="102"/>
        <source>手机号码(&amp;P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="115"/>
        <source>预留手机号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="135"/>
        <source>职业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="158"/>
        <source>工作单位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="171"/>
        <location filename="../transfer_form.ui" line="191"/>
        <source>无则留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="178"/>
        <source>住址</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="220"/>
        <source>转账金额(&amp;A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="230"/>
        <source>元，如 100,000.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="237"/>
        <source>现金交款转账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="244"/>
        <source>收款人户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="257"/>
        <source>个人姓名或单位名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="264"/>
        <source>收款账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="277"/>
        <source>卡号或账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="284"/>
        <source>收款银行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="297"/>
        <source>不清楚可留空</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="317"/>
        <source>与客户关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="340"/>
        <source>转账用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="363"/>
        <source>首次向该收款人转账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="370"/>
        <source>客户当面见过收款人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="377"/>
        <source>已用熟知号码回拨或视频核实对方</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="384"/>
        <source>收款方自称公检法或政府机关</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="391"/>
        <source>对方承诺高额回报</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="398"/>
        <source>提前支取定期存款来转账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="405"/>
        <source>近期有陌生人转入资金</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="412"/>
        <source>收款账户为个人账户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="422"/>
        <source>拒绝联系家属核实</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="435"/>
        <source>客户行为（据实勾选）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="441"/>
        <source>有人陪同前来</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="448"/>
        <source>陪同人代客户回答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="455"/>
        <source>由代理人代办</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="462"/>
        <source>办理时正在通话、听从电话指示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="469"/>
        <source>手机开着屏幕共享或会议软件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="476"/>
        <source>按他人（聊天消息）指示操作</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="483"/>
        <source>被要求对家人或银行保密</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="490"/>
        <source>有人承诺给予好处费</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="500"/>
        <source>柜员备注（记录客户原话）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../transfer_form.ui" line="509"/>
        <source>例如：客户称“朋友”在微信上让转款给第三人</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../tellerguard/gui/app.py" line="69"/>
        <source>TellerGuard 柜面反诈助手</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/app.py" line="101"/>
        <source>TellerGuard 无法启动</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/app.py" line="163"/>
        <source>无法创建演示网点。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/app.py" line="169"/>
        <source>网点配置文件无效或不存在，请联系科技部门。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/app.py" line="177"/>
        <source>规则包加载失败，系统不能在没有有效规则包的情况下运行。
已记录本次失败，请联系规则管理员。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>case_form</name>
    <message>
        <location filename="../../tellerguard/gui/views/case_form.py" line="88"/>
        <source>无（非异地开户）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>confirmation</name>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="22"/>
        <source>风险提示确认书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="23"/>
        <source>拒绝办理记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="27"/>
        <source>一</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="28"/>
        <source>二</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="29"/>
        <source>三</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="30"/>
        <source>四</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="31"/>
        <source>五</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="86"/>
        <source>&lt;b&gt;{title}&lt;/b&gt;：{explanation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="94"/>
        <source>{question}&lt;br/&gt;答：{answer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="103"/>
        <source>；理由：{reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="108"/>
        <source>审计序号 {sequence}&#x3000;哈希 {hash}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="112"/>
        <source>审计记录：未写入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="114"/>
        <source>客户签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="114"/>
        <source>经办柜员签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="116"/>
        <source>授权主管签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="118"/>
        <source>网点负责人签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="119"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="120"/>
        <source>{branch}&#x3000;工作站 {workstation}&#x3000;{time}
&#x3000;业务：{business}&#x3000;风险等级：{level}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="132"/>
        <location filename="../../tellerguard/gui/confirmation.py" line="181"/>
        <source>处理结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="134"/>
        <source>柜员补充的理由</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="136"/>
        <source>客户决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="141"/>
        <source>提醒用时</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="142"/>
        <source>{minutes}分{seconds}秒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="147"/>
        <source>经办柜员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="149"/>
        <source>授权主管</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="151"/>
        <source>如遇自称公检法要求转账、“安全账户”、刷单返利、贷款先交费等情况，请立即拨打 110 报警；
反诈咨询请拨打 96110。对拒绝或限制办理有异议的，可依据《反电信网络诈骗法》第三十二条向本行申诉。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="158"/>
        <source>本行已向客户说明上述风险，并告知本笔业务不予办理的理由及申诉途径；客户签名仅表示已知悉。
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="164"/>
        <source>本人已听取并理解上述风险提示，确认以上回答真实，并自愿作出上述决定。
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="171"/>
        <source>客户与业务信息（已脱敏）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="174"/>
        <source>本行提示的风险</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="175"/>
        <source>柜员已向客户宣读的提示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="178"/>
        <source>客户的回答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="183"/>
        <source>客户决定与授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="189"/>
        <source>{number}、{heading}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="196"/>
        <source>{audit}&lt;br/&gt;规则包 {rule_pack}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="201"/>
        <source>【补打】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/confirmation.py" line="234"/>
        <source>{text}：</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>console_admin</name>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="28"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="29"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="30"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="31"/>
        <source>状态</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="32"/>
        <source>连续失败</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="33"/>
        <source>最近记录（审计序号）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="36"/>
        <source>封存记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="37"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="38"/>
        <source>封存至序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="39"/>
        <source>封存时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="40"/>
        <source>签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="41"/>
        <source>与记录相符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="42"/>
        <source>本机副本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="45"/>
        <source>新增操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="46"/>
        <source>停用操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="47"/>
        <source>解锁操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="48"/>
        <source>重置密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="49"/>
        <source>修改角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="102"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="103"/>
        <source>已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="104"/>
        <source>须修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="108"/>
        <location filename="../../tellerguard/gui/console_admin.py" line="134"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="108"/>
        <source>正常</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="138"/>
        <source>您可直接{actions}（主管只能处理柜员账户）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="144"/>
        <source>{actions}须由有权限的操作员（系统管理员）本人在此输入用户名和密码，记为其本人的操作。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="151"/>
        <source>任何人不能处理自己的账户；新密码须符合密码规则（至少 10 位，大小写字母、数字、符号至少三类，不含用户名或姓名，不是常见的已泄露密码）。每次变更都记入审计记录。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="162"/>
        <source>{title}：{user}（{role}，{state}），记录为审计事件 #{seq}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="171"/>
        <source>，操作人 {by}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="174"/>
        <source>。请将密码当面交给本人，首次登录须修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="179"/>
        <source>密码还需：{problems}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="180"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="185"/>
        <source>相符</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="185"/>
        <source>不符！</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="191"/>
        <source>有效</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="193"/>
        <source>无效！</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="195"/>
        <source>已保存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="197"/>
        <source>已由当日新封存取代</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="199"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="205"/>
        <source>尚无封存记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="208"/>
        <source>有 {count} 个封存与现在的审计记录不符（最早为封存记录 #{seq}）：记录可能被改动，请立即停止使用并联系科技部门</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="213"/>
        <source>最近 {count} 个封存均与审计记录相符（最新封存至序号 #{seq}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="220"/>
        <source>已封存至序号 #{seq}（{day}），封存记录为审计事件 #{event}；检查点文件：{file}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="227"/>
        <source>检查点已导出：{path}。请离机保管（U 盘或网点登记簿），日后可用 tellerguard audit verify --checkpoint 该文件 核对审计记录未被截断或重写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/console_admin.py" line="235"/>
        <source>正在校验：{done} / {total} 条</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>demo</name>
    <message>
        <location filename="../../tellerguard/gui/demo.py" line="28"/>
        <source>演示网点：柜员 teller01 / Teller#2026，主管 supervisor01 / Super#2026</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>draft</name>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="75"/>
        <source>{label}不完整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="137"/>
        <source>收款账号应为6至34位字母或数字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="146"/>
        <location filename="../../tellerguard/gui/draft.py" line="150"/>
        <source>金额格式不正确，如 100000.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="152"/>
        <source>金额应大于0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="154"/>
        <source>金额过大，请核对</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="157"/>
        <source>金额最多两位小数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="201"/>
        <source>{label}过长，最多 {count} 个字</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/draft.py" line="204"/>
        <source>{label}填写有误</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../tellerguard/gui/errors.py" line="20"/>
        <source>已填写的内容仍保留在表单中，问题解决后可再次按 Ctrl+回车 完成办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/errors.py" line="37"/>
        <source>无法继续</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/errors.py" line="42"/>
        <source>知道了</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/errors.py" line="83"/>
        <source>程序错误</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/errors.py" line="84"/>
        <source>TellerGuard 遇到内部错误，当前操作未完成。
已填写的内容仍保留在表单中。请联系科技部门并提供日志。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>finish</name>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="124"/>
        <source>{label}：{message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="126"/>
        <source>以下内容有误：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="127"/>
        <location filename="../../tellerguard/gui/finish.py" line="133"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="136"/>
        <source>尚未填写：</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="137"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="141"/>
        <source>表单尚未填写完整</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="142"/>
        <source>无法完成办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="155"/>
        <source>{message}

本笔业务未完成。{keep_typing}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="158"/>
        <source>未能记录，业务未完成</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="199"/>
        <source>未获主管授权，业务未办理；二次提醒已记录，表单内容已保留。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="255"/>
        <source>已记录（审计序号 {sequence}），但确认书无法保存：{error}。请联系科技部门。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="264"/>
        <source>已记录：{level}，{decision}，审计序号 {sequence}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="313"/>
        <source>风险提示确认书</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="304"/>
        <source>已记录，审计序号 {sequence}。
风险提示确认书已生成，请打印后交客户签字：
{pdf}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="298"/>
        <source>已记录，审计序号 {sequence}。
拒绝办理记录已生成，请打印后由客户、经办柜员和网点负责人签字：
{pdf}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="311"/>
        <source>拒绝办理记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="319"/>
        <source>打开并打印</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="321"/>
        <source>关闭</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="339"/>
        <source>拒绝办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="348"/>
        <source>客户姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="350"/>
        <source>证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="353"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="354"/>
        <source>手机号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="358"/>
        <source>年龄</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="358"/>
        <source>{age} 岁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="362"/>
        <source>职业</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="371"/>
        <source>转账金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="372"/>
        <source>{amount} 元</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="375"/>
        <source>收款人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="376"/>
        <source>未填写</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="378"/>
        <source>收款账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="380"/>
        <source>与客户关系</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="383"/>
        <source>转账用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="389"/>
        <source>账户类别</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="392"/>
        <source>开户用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="413"/>
        <source>，已移交公安</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="416"/>
        <source>2小时后到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="417"/>
        <source>次日到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="419"/>
        <source>（{delay}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="421"/>
        <source>；{note}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="427"/>
        <source>%Y年%m月%d日 %H:%M</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/finish.py" line="442"/>
        <source>{id} {version}（sha256 {sha}…）</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main_window</name>
    <message>
        <location filename="../../tellerguard/gui/views/main_window.py" line="34"/>
        <source>&lt;table cellpadding=&quot;3&quot;&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{opening}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;个人开户&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{transfer}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;大额转账&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Tab / 回车&lt;/b&gt;&lt;/td&gt;&lt;td&gt;下一项&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Shift+Tab&lt;/b&gt;&lt;/td&gt;&lt;td&gt;上一项&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;空格&lt;/b&gt;&lt;/td&gt;&lt;td&gt;勾选；三态项在 未询问 → 是 → 否 之间切换&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;Y / N / 0&lt;/b&gt;&lt;/td&gt;&lt;td&gt;三态项直接选：是 / 否 / 未询问&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;打字&lt;/b&gt;&lt;/td&gt;&lt;td&gt;下拉框：输入汉字或拼音首字母筛选，回车选定&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{finish}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;完成办理（需要时弹出二次提醒）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{new_case}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;新业务（清空表单）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{supervisor}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;审计与统计（主管）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{rule_packs}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;规则包管理（规则管理员、主管）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{admin}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;操作员与封存（系统管理员）&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{lock}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;锁定屏幕&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{switch_user}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;切换用户&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{logout}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;注销登录&lt;/td&gt;&lt;/tr&gt;
&lt;tr&gt;&lt;td&gt;&lt;b&gt;{quit}&lt;/b&gt;&lt;/td&gt;&lt;td&gt;退出&lt;/td&gt;&lt;/tr&gt;
&lt;/table&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="97"/>
        <source>【{level}】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="154"/>
        <source>序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="155"/>
        <source>时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="156"/>
        <source>类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="157"/>
        <source>操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="159"/>
        <source>客户（脱敏）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="158"/>
        <source>结果/客户决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="160"/>
        <source>风险等级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="175"/>
        <source>（¥{amount}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/models.py" line="182"/>
        <source>系统</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/log_model.py" line="288"/>
        <source>审计序号 #{seq}
哈希 {hash}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>presenters</name>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="41"/>
        <source>本地</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="42"/>
        <source>异地（省内其他城市）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="43"/>
        <source>异地（外省）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="46"/>
        <source>男</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="47"/>
        <source>女</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="76"/>
        <source>请先选择证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="83"/>
        <source>已输入 {typed} 位，共 18 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="89"/>
        <source>{age} 岁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="97"/>
        <source>发证地 {place}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="99"/>
        <source>地区码 {code}（未收录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="105"/>
        <location filename="../../tellerguard/gui/presenters.py" line="133"/>
        <location filename="../../tellerguard/gui/presenters.py" line="167"/>
        <source>，</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="107"/>
        <source>✓ 号码格式正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="113"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="114"/>
        <source>证件号码不含出生日期，请人工核对年龄</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="129"/>
        <source>已输入 {typed} 位，共 11 位</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="134"/>
        <source>号码格式正确</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="139"/>
        <source>虚拟运营商号段</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="150"/>
        <source>✓ 卡号校验通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="151"/>
        <source>卡号校验未通过：请核对（对公账号可忽略）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="157"/>
        <source>二次提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="158"/>
        <source>劝阻成功</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="159"/>
        <source>拒绝办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="160"/>
        <source>移交公安</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="164"/>
        <source>本网点近30天无该客户的提醒、劝阻或拒绝记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="166"/>
        <source>{name} {n} 次</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="172"/>
        <source>（曾被劝阻或拒绝后再次前来，请特别留意）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/presenters.py" line="173"/>
        <source>近30天记录：{records}{warning}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>refusal</name>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="17"/>
        <source>&lt;p&gt;依据《中华人民共和国反电信网络诈骗法》第三十二条，客户对本行采取的拒绝办理等措施有异议的，可以向本网点负责人或本行客服热线提出申诉；本行将及时核查，核查通过的即时恢复办理。&lt;/p&gt;&lt;p&gt;&lt;b&gt;如果您正在被人以转账、汇款等方式要求付款，请立即拨打 110 报警；对可疑来电、短信可拨打 96110 反诈预警专线咨询。&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="30"/>
        <source>{title}（{explanation}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/refusal.py" line="31"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>reminder</name>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="33"/>
        <source>2小时后到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="34"/>
        <source>次日到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/reminder.py" line="67"/>
        <source>【{level}】{title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rule_packs</name>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="70"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="71"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="79"/>
        <source>{count} 个词语</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="92"/>
        <source>填写“是”或“否”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="95"/>
        <location filename="../../tellerguard/gui/rule_packs.py" line="258"/>
        <source>应为整数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="101"/>
        <source>应为金额，如 50000.00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="103"/>
        <source>词语列表请在规则包文件中修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="123"/>
        <source>均为默认值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="125"/>
        <source>{id}@{version}（本网点参数：{params}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="147"/>
        <source>请先登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="158"/>
        <source>经 {maker} 申请、{checker} 批准（#{seq}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="164"/>
        <source>按网点配置文件加载（尚无经审批的变更）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="166"/>
        <source>&lt;b&gt;生效规则包：&lt;/b&gt;{id} {version}，{rules} 条规则，内容哈希 {sha}…；{how}；本网点参数 {params} 项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="237"/>
        <source>【将被放行】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="239"/>
        <source>【曾拦截】</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="252"/>
        <source>不能大于 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="253"/>
        <source>不能小于 {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="256"/>
        <source>规则包没有这个参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="259"/>
        <source>应为“是”或“否”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="274"/>
        <source>&lt;li&gt;本网点参数 &lt;b&gt;{name}&lt;/b&gt;：{problem}&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="285"/>
        <source>&lt;table cellspacing=&quot;0&quot; cellpadding=&quot;3&quot;&gt;&lt;tr&gt;&lt;th&gt;&lt;/th&gt;&lt;th&gt;记录&lt;/th&gt;&lt;th&gt;客户&lt;/th&gt;&lt;th&gt;原等级&lt;/th&gt;&lt;th&gt;&lt;/th&gt;&lt;th&gt;新等级&lt;/th&gt;&lt;/tr&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="293"/>
        <source>&lt;li&gt;新增规则 &lt;b&gt;{id}&lt;/b&gt; {title}&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="294"/>
        <source>&lt;li&gt;删除规则 &lt;b&gt;{id}&lt;/b&gt; {title}&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="295"/>
        <source>&lt;li&gt;修改规则 &lt;b&gt;{id}&lt;/b&gt; {title}（{fields}）&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="296"/>
        <source>&lt;li&gt;参数 &lt;b&gt;{name}&lt;/b&gt;：{old} → {new}&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="297"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="315"/>
        <source>&lt;h4&gt;回放本机最近 {cases} 笔业务&lt;/h4&gt;&lt;p&gt;等级上升 &lt;b&gt;{up}&lt;/b&gt; 笔，下降 &lt;b&gt;{down}&lt;/b&gt; 笔，不变 {same} 笔。曾被劝阻、拒绝或移交公安的 {stopped} 笔中，</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="329"/>
        <source>&lt;b style=&quot;color:{colour}&quot;&gt;新规则包将放行 {count} 笔（低于二次提醒），已列在最前。&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="336"/>
        <source>新规则包仍全部提示或拦截。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="339"/>
        <source>&lt;p&gt;{count} 笔记录无法按现行格式读取，未回放。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="348"/>
        <source>&lt;p&gt;另有 {count} 笔未列出。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="356"/>
        <source>&lt;h4&gt;曾被劝阻、拒绝或移交公安的业务，新规则包的判断&lt;/h4&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="368"/>
        <source>&lt;h3 style=&quot;color:{colour}&quot;&gt;规则包无法加载：{count} 处问题&lt;/h3&gt;&lt;ol&gt;{items}&lt;/ol&gt;&lt;p&gt;请按“文件:行号”或参数名逐项修改后重新检查。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="375"/>
        <source>&lt;h3&gt;{id} {version}（内容哈希 {sha}…）&lt;/h3&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="381"/>
        <source>&lt;p style=&quot;color:{colour}&quot;&gt;&lt;b&gt;注意：&lt;/b&gt;规则包文件与生效规则包不同，但版本号仍为 {version}，请在 pack.yaml 中提升 version。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="390"/>
        <source>&lt;p style=&quot;color:{colour}&quot;&gt;&lt;b&gt;自带示例：&lt;/b&gt;运行 {run} 个，通过 {passed} 个，未通过 {failed} 个&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="407"/>
        <source>&lt;h4&gt;与生效规则包的差异&lt;/h4&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="410"/>
        <source>&lt;p style=&quot;color:{colour}&quot;&gt;规则与参数均无变化&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="417"/>
        <source>&lt;p style=&quot;color:{colour}&quot;&gt;该规则包及参数已在使用中，无需申请。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="121"/>
        <location filename="../../tellerguard/gui/rule_packs.py" line="429"/>
        <source>，</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="431"/>
        <source>升 {up} / 降 {down}（共 {cases} 笔）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="435"/>
        <source>，放行曾拦截 {count} 笔</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="439"/>
        <source>+{added} -{removed} ~{changed} 规则，{params} 项参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="451"/>
        <source>{id} {version}（{changes}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/rule_packs.py" line="454"/>
        <source>默认</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rule_packs_view</name>
    <message>
        <location filename="../../tellerguard/gui/views/rule_packs.py" line="66"/>
        <source>检查时出现程序错误，已记录日志，请联系技术支持</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="199"/>
        <source>{name}（{code}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="113"/>
        <location filename="../../tellerguard/gui/session.py" line="220"/>
        <source>{name}（{username}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="236"/>
        <source>本机时钟比最近一条审计记录早约 {hours} 小时，请联系科技部门校准时钟</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="246"/>
        <source>审计记录库、密钥或配置文件可被本机其他用户读取（{count} 处），请联系科技部门处理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="254"/>
        <source>{branch} | 工作站 {workstation} | {teller} | 业务日期 {date} | 规则包 {pack}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="318"/>
        <source>只能由锁定前登录的操作员解锁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="324"/>
        <source>请先登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="426"/>
        <source>规则管理员不办理柜面业务。在此可检查规则包与本网点参数、回放、申请启用和审批变更：菜单“业务 → 规则包管理”（Ctrl+Shift+R）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="432"/>
        <source>系统管理员不办理柜面业务。在此可管理操作员（新增、解锁、重置密码、改角色、停用），校验与封存审计记录：菜单“业务 → 操作员与封存”（Ctrl+Shift+O）。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="437"/>
        <source>本角色不办理柜面业务。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="522"/>
        <source>提示话术以规则包 {version} 为准（SHA-256 {sha}），现用规则包已变更，不再重印原文</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/session.py" line="557"/>
        <source>{at} 由 {who} 补打（补打记录为审计事件 #{seq}），审计序号与哈希同原件</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>shell</name>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="79"/>
        <location filename="../../tellerguard/gui/shell.py" line="87"/>
        <location filename="../../tellerguard/gui/shell.py" line="95"/>
        <source>修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="80"/>
        <source>{username}：请输入当前（临时）密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="88"/>
        <source>请输入新密码（至少 10 位，含字母和数字）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="96"/>
        <source>请再次输入新密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="102"/>
        <source>两次输入的新密码不一致</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="164"/>
        <source>操作员与封存仅限系统管理员使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="198"/>
        <source>规则包管理仅限规则管理员和主管使用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="236"/>
        <location filename="../../tellerguard/gui/shell.py" line="278"/>
        <source>切换用户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="238"/>
        <source>注销登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="239"/>
        <source>当前业务尚未完成办理。
保留：下一位登录的柜员可继续办理；放弃：清空已填写的内容。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="246"/>
        <source>保留业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="248"/>
        <source>放弃业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="180"/>
        <source>审计与统计仅限主管查看，请由主管登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/shell.py" line="165"/>
        <location filename="../../tellerguard/gui/shell.py" line="181"/>
        <location filename="../../tellerguard/gui/shell.py" line="199"/>
        <source>无权查看</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>style</name>
    <message>
        <location filename="../../tellerguard/gui/style.py" line="21"/>
        <source>未发现风险，可正常办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/style.py" line="22"/>
        <source>请留意下列提示，无需客户确认。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/style.py" line="23"/>
        <source>须向客户宣读二次提醒，记录客户回答和决定后方可办理。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/style.py" line="26"/>
        <source>业务暂停：宣读提醒后须主管本人授权；建议联系家属。客户签字不能代替授权。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/style.py" line="29"/>
        <source>停止办理：向客户说明诈骗手法，必要时报警（110）或移交公安；告知申诉途径。</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="57"/>
        <source>Excel（XLSX）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="58"/>
        <source>CSV（UTF-8）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="152"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="208"/>
        <source>业务编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="153"/>
        <source>风险等级</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="154"/>
        <source>原因</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="155"/>
        <source>客户与业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="156"/>
        <source>经办柜员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="157"/>
        <source>授权主管</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="158"/>
        <source>主管姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="159"/>
        <source>客户决定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="160"/>
        <source>延迟到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="161"/>
        <source>命中规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="162"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="163"/>
        <source>规则编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="164"/>
        <source>规则</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="165"/>
        <source>说明</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="166"/>
        <source>标签</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="167"/>
        <source>取值</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="168"/>
        <source>规则包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="169"/>
        <source>提醒话术</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="170"/>
        <source>问答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="171"/>
        <source>问</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="172"/>
        <source>答</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="173"/>
        <source>用时（秒）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="174"/>
        <source>备注</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="175"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="627"/>
        <source>移交公安</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="176"/>
        <source>申诉告知</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="177"/>
        <source>业务表单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="178"/>
        <source>事实</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="179"/>
        <source>个人信息</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="180"/>
        <source>业务日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="181"/>
        <source>网点地区</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="182"/>
        <source>用途</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="183"/>
        <source>涉及序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="184"/>
        <source>客户</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="185"/>
        <source>操作员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="186"/>
        <source>业务类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="187"/>
        <source>证件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="188"/>
        <source>证件号码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="189"/>
        <source>姓名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="190"/>
        <source>手机号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="191"/>
        <source>金额</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="192"/>
        <source>现金</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="193"/>
        <source>收款人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="194"/>
        <source>收款账号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="195"/>
        <source>命中原文（密封）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="196"/>
        <source>当前规则包</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="197"/>
        <source>当前参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="198"/>
        <source>新增</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="199"/>
        <source>管理员</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="200"/>
        <source>程序版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="201"/>
        <source>批准人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="202"/>
        <source>备份文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="203"/>
        <source>基础版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="204"/>
        <source>网点代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="205"/>
        <source>网点名称</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="206"/>
        <source>密文</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="207"/>
        <source>未完成的业务</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="209"/>
        <source>回放业务数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="210"/>
        <source>修改</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="211"/>
        <source>封存检查点</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="212"/>
        <source>内容哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="213"/>
        <source>场景</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="214"/>
        <source>凭据标识</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="215"/>
        <source>已核验双方密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="216"/>
        <source>起始日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="217"/>
        <source>截止日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="218"/>
        <source>日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="219"/>
        <source>深度校验</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="220"/>
        <source>字典编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="221"/>
        <source>差异</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="222"/>
        <source>已停用</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="223"/>
        <source>显示名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="224"/>
        <source>等级降低</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="225"/>
        <source>条目数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="226"/>
        <source>记录事件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="227"/>
        <source>事件数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="228"/>
        <source>未通过的示例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="229"/>
        <source>通过的示例</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="230"/>
        <source>登录失败次数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="231"/>
        <source>文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="232"/>
        <source>文件 SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="233"/>
        <source>首个异常序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="234"/>
        <source>格式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="235"/>
        <source>发现的记录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="236"/>
        <source>查询哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="237"/>
        <source>哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="238"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="246"/>
        <source>末条哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="239"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="247"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="284"/>
        <source>末条序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="240"/>
        <source>编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="241"/>
        <source>发布机构</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="242"/>
        <source>保存为</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="243"/>
        <source>密钥编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="244"/>
        <source>匹配项</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="245"/>
        <source>回放最近业务数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="248"/>
        <source>将放行</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="249"/>
        <source>名单编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="250"/>
        <source>名单版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="251"/>
        <source>参照名单</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="252"/>
        <source>已锁定</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="253"/>
        <source>脱敏显示</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="254"/>
        <source>脱敏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="255"/>
        <source>允许失败次数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="256"/>
        <source>结构版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="257"/>
        <source>导入方式</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="258"/>
        <source>须修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="259"/>
        <source>校验通过</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="260"/>
        <source>原角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="261"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="300"/>
        <source>失效日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="262"/>
        <source>参数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="263"/>
        <source>上一个记录库</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="264"/>
        <source>问题</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="265"/>
        <source>公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="266"/>
        <source>压缩字典</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="267"/>
        <source>地区代码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="268"/>
        <source>提醒记录哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="269"/>
        <source>提醒记录序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="270"/>
        <source>移除</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="271"/>
        <source>回放结果</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="272"/>
        <source>申请序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="273"/>
        <source>申请人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="274"/>
        <source>角色</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="275"/>
        <source>行数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="276"/>
        <source>规则数</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="277"/>
        <source>封存日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="278"/>
        <source>封存文件</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="279"/>
        <source>封存哈希</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="280"/>
        <source>封存序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="281"/>
        <source>封存时间</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="282"/>
        <source>序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="283"/>
        <source>首条序号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="285"/>
        <source>SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="286"/>
        <source>签名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="287"/>
        <source>签名有效期至</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="288"/>
        <source>签名日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="289"/>
        <source>签名者</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="290"/>
        <source>签名公钥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="291"/>
        <source>来源</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="292"/>
        <source>SQLite 版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="293"/>
        <source>将拦截</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="294"/>
        <source>记录库编号</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="295"/>
        <source>事件类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="296"/>
        <source>无法回放</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="297"/>
        <source>等级提高</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="298"/>
        <source>用户名</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="299"/>
        <source>生效日期</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="301"/>
        <source>版本</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="302"/>
        <source>警告</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="303"/>
        <source>见证人</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="304"/>
        <source>工作站</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="305"/>
        <source>字典内容</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="316"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="316"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="322"/>
        <source>全量替换</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="323"/>
        <source>增量更新</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="328"/>
        <source>登录</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="329"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="628"/>
        <source>主管授权</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="330"/>
        <source>审批</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="331"/>
        <source>修改密码</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="332"/>
        <source>解锁屏幕</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="336"/>
        <source>2小时后到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="337"/>
        <source>次日到账</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="340"/>
        <source>无</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="341"/>
        <source>已保留</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="342"/>
        <source>已放弃</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="396"/>
        <source>{name}：{value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="414"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="724"/>
        <source>；</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="422"/>
        <source>{size} 字节（完整保存在本条记录中）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="437"/>
        <source>&lt;h3&gt;#{seq} {label}&lt;/h3&gt;&lt;p&gt;时间 {at}&lt;br&gt;操作员 {operator}&lt;br&gt;网点 {branch} · 工作站 {workstation}&lt;br&gt;结果 {outcome}&lt;/p&gt;&lt;p style=&apos;color:#666666&apos;&gt;链哈希 {hash}&lt;br&gt;前一条 {prev}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="527"/>
        <source>{rule}（{count} 笔）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="381"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="528"/>
        <source>、</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="486"/>
        <source>（其中二次提醒时决定移交 {count} 起）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="492"/>
        <source>{date_from} 至 {date_to}：劝阻成功 &lt;b&gt;{dissuaded}&lt;/b&gt; 起，拒绝办理 &lt;b&gt;{refusals}&lt;/b&gt; 起，移交公安 &lt;b&gt;{police}&lt;/b&gt; 起{police_parts}，主管授权 &lt;b&gt;{authorizations}&lt;/b&gt; 次；共拦截转账 &lt;b&gt;{cases}&lt;/b&gt; 笔，金额 &lt;b&gt;{amount}&lt;/b&gt;。</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="519"/>
        <source>风险评估 {total} 次（{cases} 笔业务），按评估等级：{levels}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="522"/>
        <source>二次提醒 {total} 次，按客户决定：{decisions}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="532"/>
        <source>命中最多的规则：{rules}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="537"/>
        <source>已导出 {rows} 条审计记录（个人信息已脱敏）：{path}
SHA-256 {sha256}（同见 {checksum}），导出操作已记录为审计事件 #{seq}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="555"/>
        <source>（本次校验已记录为审计事件 #{seq}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="562"/>
        <source>审计链校验通过：共 {events} 条记录，最新序号 #{head}，未发现篡改。{recorded}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="568"/>
        <source>第一处异常在序号 #{seq}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="570"/>
        <source>异常不在某一条记录上</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="572"/>
        <source>审计链校验未通过：{where}，共发现 {count} 处问题。请立即停止使用并联系科技部门（命令行 tellerguard audit verify 可查看详情）。{recorded}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="618"/>
        <source>未找到审计事件 #{seq}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="625"/>
        <source>劝阻成功</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="626"/>
        <source>拒绝办理</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="629"/>
        <source>二次提醒</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="643"/>
        <source>{count} 笔（{share:.1%}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="658"/>
        <source>审计记录_{date_from}_{date_to}_{format}.zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="666"/>
        <source>已封存（{day}，封存事件 #{seq}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="670"/>
        <source>尚未封存</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="673"/>
        <source>校验通过（{at}，#{seq}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="677"/>
        <source>尚无校验记录覆盖</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="679"/>
        <source>{sealed}；{verified}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="376"/>
        <location filename="../../tellerguard/gui/supervisor.py" line="739"/>
        <source>{title}（{id}）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="742"/>
        <source>{name}：本机未导入，未参照</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="749"/>
        <source>{name}：版本 {version}，{entries} 条{recorded}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="753"/>
        <source>，由审计事件 #{seq} 导入</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="758"/>
        <source>内容哈希 {hash}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="776"/>
        <source>&lt;b&gt;【{level}】{title}&lt;/b&gt;：{explanation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="790"/>
        <source>&lt;p&gt;&lt;b&gt;问答（客户本人回答）&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="793"/>
        <source>&lt;li&gt;问：{question}&lt;br&gt;答：{answer}&lt;/li&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="823"/>
        <source>&lt;p&gt;&lt;b&gt;业务表单（柜员所填）&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="830"/>
        <source>个人信息已解密显示（查看人有权限，已记录）</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="832"/>
        <source>个人信息已脱敏</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="835"/>
        <source>&lt;h2&gt;倒查档案：{subject}&lt;/h2&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="838"/>
        <source>&lt;p&gt;调取人 {who}，时间 {at}，调取已记录为审计事件 #{seq}。{shown}。共 {cases} 笔业务。&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="851"/>
        <source>&lt;p&gt;&lt;b&gt;业务过多，仅显示前 500 笔。&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="857"/>
        <source>；金额 {amount} 元；收款人 {payee} {account}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="866"/>
        <source>&lt;h3&gt;{number}. 业务 {ref}（{kind}，风险等级 {level}）&lt;/h3&gt;&lt;p&gt;客户 {name} {id}，手机 {phone}{transfer}&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/supervisor.py" line="884"/>
        <source>&lt;p&gt;&lt;b&gt;#{seq} {label}&lt;/b&gt; · {at} · 操作员 {operator}&lt;br&gt;&lt;span style=&apos;color:#555555&apos;&gt;链哈希 {hash}&lt;br&gt;{seal}&lt;/span&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>supervisor_view</name>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="59"/>
        <source>全部类型</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/views/supervisor.py" line="60"/>
        <source>全部</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../tellerguard/gui/widgets.py" line="90"/>
        <source>未询问</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/widgets.py" line="91"/>
        <source>是</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../tellerguard/gui/widgets.py" line="92"/>
        <source>否</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
