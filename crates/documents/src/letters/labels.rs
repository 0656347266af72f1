//! Fixed texts of the letters, per language.
//!
//! The handover letter is written in plain language (B1) for the person, in every language a PIP
//! can be rendered in; the creditor letter is formal Dutch only. Placeholders in braces
//! (`{municipality}`, `{name}`, `{month}`, `{end}`, `{person}`, `{reference}`, `{last_month}`,
//! `{next_month}`, and `{day}`/`{month}`/`{year}` in date patterns) are filled by the markup
//! builder with escaped caller data. Dutch words the person meets in letters from banks and
//! offices (`periodieke overboeking`, `automatische incasso`, `huurtoeslag`) stay in brackets.

use crate::pip::PipLanguage;

/// All fixed texts of the handover letter in one language.
pub(crate) struct HandoverLabels {
    pub municipality_heading: &'static str,
    pub date: &'static str,
    /// The subject line, with `{month}`.
    pub title: &'static str,
    /// With `{name}`.
    pub salutation: &'static str,
    /// That the municipality stops paying, with `{end}` (the last day it pays).
    pub intro: &'static str,
    /// Leads into the list of costs, with `{month}`.
    pub list_intro: &'static str,
    pub col_type: &'static str,
    pub col_creditor: &'static str,
    pub col_reference: &'static str,
    pub col_amount: &'static str,
    pub total: &'static str,
    pub no_costs: &'static str,
    pub how_heading: &'static str,
    pub how: [&'static str; 3],
    pub allowances_heading: &'static str,
    pub allowances: &'static str,
    pub contact_heading: &'static str,
    pub contact: &'static str,
    pub closing: &'static str,
    /// Names of the cost types `huur`, `energie`, `water` and `zorgverzekering`, in that order.
    pub cost_types: [&'static str; 4],
    /// Month names in the form the date patterns need (genitive in Ukrainian).
    pub months: [&'static str; 12],
    /// A month of a year, with `{month}` and `{year}`.
    pub month_year: &'static str,
    /// A date, with `{day}`, `{month}` and `{year}`.
    pub full_date: &'static str,
}

impl HandoverLabels {
    pub(crate) fn for_language(lang: PipLanguage) -> &'static HandoverLabels {
        match lang {
            PipLanguage::Nl => &NL,
            PipLanguage::Ar => &AR,
            PipLanguage::Ti => &TI,
            PipLanguage::Fa => &FA,
            PipLanguage::Prs => &PRS,
            PipLanguage::En => &EN,
            PipLanguage::Tr => &TR,
            PipLanguage::So => &SO,
            PipLanguage::Uk => &UK,
        }
    }

    /// Every fixed text, for glyph-coverage and placeholder checks.
    pub(crate) fn all(&self) -> Vec<&'static str> {
        let mut v = vec![
            self.municipality_heading,
            self.date,
            self.title,
            self.salutation,
            self.intro,
            self.list_intro,
            self.col_type,
            self.col_creditor,
            self.col_reference,
            self.col_amount,
            self.total,
            self.no_costs,
            self.how_heading,
            self.allowances_heading,
            self.allowances,
            self.contact_heading,
            self.contact,
            self.closing,
            self.month_year,
            self.full_date,
        ];
        v.extend(self.how);
        v.extend(self.cost_types);
        v.extend(self.months);
        v
    }
}

/// The fixed texts of the creditor letter (formal Dutch).
pub(crate) struct CreditorLabels {
    pub municipality_heading: &'static str,
    pub date: &'static str,
    pub your_reference: &'static str,
    pub concerns: &'static str,
    /// With `{person}`.
    pub title: &'static str,
    pub salutation: &'static str,
    /// With `{municipality}`, `{person}`, `{reference}`, `{last_month}`, `{next_month}`.
    pub body: [&'static str; 4],
    pub closing: &'static str,
}

impl CreditorLabels {
    pub(crate) fn all(&self) -> Vec<&'static str> {
        let mut v = vec![
            self.municipality_heading,
            self.date,
            self.your_reference,
            self.concerns,
            self.title,
            self.salutation,
            self.closing,
        ];
        v.extend(self.body);
        v
    }
}

/// Shown before the Dutch copy that follows a translated handover letter.
pub(crate) const DUTCH_COPY_NOTE: &str = "Hieronder staat dezelfde brief in het Nederlands.";

// The creditor letter says only what the creditor needs: whose payments stop and when. Not
// why: that a person is in a civic-integration programme or receives a benefit is none of the
// creditor's business.
pub(crate) static CREDITOR: CreditorLabels = CreditorLabels {
    municipality_heading: "Gemeente {municipality}",
    date: "Datum",
    your_reference: "Uw kenmerk",
    concerns: "Betreft",
    title: "Einde van de betalingen namens {person}",
    salutation: "Geachte heer, mevrouw,",
    body: [
        "De gemeente {municipality} betaalt op dit moment namens {person} de maandelijkse kosten aan u, onder uw kenmerk {reference}.",
        "Met deze brief laten wij u weten dat de gemeente met deze betalingen stopt. De laatste betaling door de gemeente is de betaling over {last_month}.",
        "Vanaf {next_month} betaalt {person} deze kosten zelf en rechtstreeks aan u. Wilt u vanaf dat moment facturen, herinneringen en andere berichten over deze betalingen alleen nog aan {person} sturen?",
        "Heeft u vragen over deze brief? Neem dan contact op met:",
    ],
    closing: "Met vriendelijke groet,",
};

static NL: HandoverLabels = HandoverLabels {
    municipality_heading: "Gemeente {municipality}",
    date: "Datum",
    title: "Vanaf {month} betaalt u uw vaste lasten zelf",
    salutation: "Beste {name},",
    intro: "De gemeente betaalt nu een deel van uw vaste lasten voor u. Dat heet ontzorging. Deze hulp stopt. De gemeente betaalt deze kosten tot en met {end}.",
    list_intro: "Vanaf {month} betaalt u deze kosten zelf:",
    col_type: "Kosten",
    col_creditor: "Aan wie",
    col_reference: "Kenmerk",
    col_amount: "Per maand",
    total: "Totaal per maand",
    no_costs: "Er zijn geen kosten die u nu zelf moet gaan betalen.",
    how_heading: "Zo betaalt u",
    how: [
        "Zet bij uw bank voor elke rekening een vaste overboeking klaar die elke maand gaat (periodieke overboeking). Of geef de organisatie toestemming om het bedrag elke maand van uw rekening af te schrijven (automatische incasso).",
        "Zet bij elke betaling het kenmerk uit de lijst. Dan weet de organisatie dat het geld van u komt.",
        "Zorg dat er elke maand genoeg geld op uw rekening staat voor deze kosten.",
    ],
    allowances_heading: "Toeslagen",
    allowances: "Krijgt u toeslagen van de Belastingdienst (Dienst Toeslagen), zoals huurtoeslag of zorgtoeslag? Die krijgt u gewoon op uw eigen rekening. Daar verandert niets aan. Gebruik dit geld om uw huur en uw zorgverzekering te betalen.",
    contact_heading: "Vragen?",
    contact: "Heeft u vragen? Of lukt het niet om deze kosten te betalen? Wacht dan niet en neem contact op met:",
    closing: "Met vriendelijke groet,",
    cost_types: ["Huur", "Energie (gas en stroom)", "Water", "Zorgverzekering"],
    months: [
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
        "december",
    ],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static EN: HandoverLabels = HandoverLabels {
    municipality_heading: "Municipality of {municipality}",
    date: "Date",
    title: "From {month} you pay your fixed costs yourself",
    salutation: "Dear {name},",
    intro: "At the moment the municipality pays some of your fixed costs for you. This is called ontzorging. This help is ending. The municipality pays these costs up to and including {end}.",
    list_intro: "From {month} you pay these costs yourself:",
    col_type: "Costs",
    col_creditor: "To whom",
    col_reference: "Reference",
    col_amount: "Per month",
    total: "Total per month",
    no_costs: "There are no costs that you need to start paying yourself.",
    how_heading: "How to pay",
    how: [
        "Ask your bank to set up a fixed transfer every month for each bill (standing order, periodieke overboeking). Or give the organisation permission to take the amount from your account every month (direct debit, automatische incasso).",
        "Always use the reference from the list when you pay. Then the organisation knows that the money is from you.",
        "Make sure there is enough money in your account every month for these costs.",
    ],
    allowances_heading: "Allowances (toeslagen)",
    allowances: "Do you get allowances from the Tax Office (Belastingdienst, Dienst Toeslagen), such as rent allowance (huurtoeslag) or healthcare allowance (zorgtoeslag)? You keep getting them in your own bank account. Nothing changes. Use this money to pay your rent and your health insurance.",
    contact_heading: "Questions?",
    contact: "Do you have questions? Or can you not pay these costs? Do not wait. Contact:",
    closing: "Kind regards,",
    cost_types: ["Rent", "Energy (gas and electricity)", "Water", "Health insurance"],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static AR: HandoverLabels = HandoverLabels {
    municipality_heading: "بلدية {municipality}",
    date: "التاريخ",
    title: "ابتداءً من {month} تدفع تكاليفك الثابتة بنفسك",
    salutation: "عزيزي/عزيزتي {name}،",
    intro: "تدفع البلدية الآن بعض تكاليفك الثابتة عنك. يُسمّى هذا ontzorging. هذه المساعدة ستنتهي. تدفع البلدية هذه التكاليف حتى نهاية يوم {end}.",
    list_intro: "ابتداءً من {month} تدفع هذه التكاليف بنفسك:",
    col_type: "التكاليف",
    col_creditor: "إلى مَن",
    col_reference: "رقم المرجع",
    col_amount: "في الشهر",
    total: "المجموع في الشهر",
    no_costs: "لا توجد تكاليف يجب أن تبدأ بدفعها بنفسك.",
    how_heading: "طريقة الدفع",
    how: [
        "اطلب من بنكك تحويلًا ثابتًا كل شهر لكل فاتورة (periodieke overboeking). أو اسمح للجهة بأن تأخذ المبلغ من حسابك تلقائيًا كل شهر (automatische incasso).",
        "اكتب دائمًا رقم المرجع الموجود في القائمة عندما تدفع. هكذا تعرف الجهة أن المال منك.",
        "تأكد أن في حسابك مالًا كافيًا لهذه التكاليف كل شهر.",
    ],
    allowances_heading: "الإعانات (toeslagen)",
    allowances: "هل تحصل على إعانات من مصلحة الضرائب (Belastingdienst، Dienst Toeslagen)، مثل إعانة الإيجار (huurtoeslag) أو إعانة التأمين الصحي (zorgtoeslag)؟ ستصل هذه الإعانات إلى حسابك البنكي كما كانت من قبل. لا يتغير شيء. استخدم هذا المال لدفع الإيجار والتأمين الصحي.",
    contact_heading: "هل لديك أسئلة؟",
    contact: "هل لديك أسئلة؟ أو لا تستطيع دفع هذه التكاليف؟ لا تنتظر، وتواصل مع:",
    closing: "مع أطيب التحيات،",
    cost_types: ["الإيجار", "الطاقة (الغاز والكهرباء)", "الماء", "التأمين الصحي"],
    months: ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static FA: HandoverLabels = HandoverLabels {
    municipality_heading: "شهرداری {municipality}",
    date: "تاریخ",
    title: "از {month} هزینه‌های ثابت خود را خودتان می‌پردازید",
    salutation: "{name} عزیز،",
    intro: "شهرداری اکنون بعضی از هزینه‌های ثابت شما را برایتان می‌پردازد. به این کار ontzorging می‌گویند. این کمک تمام می‌شود. شهرداری این هزینه‌ها را تا پایان روز {end} می‌پردازد.",
    list_intro: "از {month} این هزینه‌ها را خودتان می‌پردازید:",
    col_type: "هزینه",
    col_creditor: "به چه کسی",
    col_reference: "شمارهٔ مرجع",
    col_amount: "در ماه",
    total: "جمع در ماه",
    no_costs: "هزینه‌ای نیست که لازم باشد خودتان بپردازید.",
    how_heading: "چطور پرداخت کنید",
    how: [
        "در بانک خود برای هر صورت‌حساب یک انتقال ثابت ماهانه تنظیم کنید (periodieke overboeking). یا به آن سازمان اجازه دهید که مبلغ را هر ماه خودکار از حساب شما بردارد (automatische incasso).",
        "هر بار که پرداخت می‌کنید، شمارهٔ مرجع را از فهرست بنویسید. این‌طور آن سازمان می‌داند که پول از طرف شماست.",
        "مطمئن شوید که هر ماه پول کافی برای این هزینه‌ها در حساب شما هست.",
    ],
    allowances_heading: "کمک‌هزینه‌ها (toeslagen)",
    allowances: "آیا از ادارهٔ مالیات (Belastingdienst، Dienst Toeslagen) کمک‌هزینه می‌گیرید، مثل کمک‌هزینهٔ اجاره (huurtoeslag) یا کمک‌هزینهٔ بیمهٔ درمانی (zorgtoeslag)؟ این پول مثل قبل به حساب بانکی خود شما واریز می‌شود. چیزی تغییر نمی‌کند. از این پول برای پرداخت اجاره و بیمهٔ درمانی استفاده کنید.",
    contact_heading: "سؤال دارید؟",
    contact: "سؤالی دارید؟ یا نمی‌توانید این هزینه‌ها را بپردازید؟ صبر نکنید و تماس بگیرید با:",
    closing: "با احترام،",
    cost_types: ["اجاره", "انرژی (گاز و برق)", "آب", "بیمهٔ درمانی"],
    months: ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر"],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static PRS: HandoverLabels = HandoverLabels {
    municipality_heading: "شاروالی {municipality}",
    date: "تاریخ",
    title: "از {month} مصارف ثابت خود را خودتان می‌پردازید",
    salutation: "{name} عزیز،",
    intro: "شاروالی فعلاً بعضی از مصارف ثابت شما را برای شما می‌پردازد. به این کار ontzorging می‌گویند. این کمک ختم می‌شود. شاروالی این مصارف را تا آخر روز {end} می‌پردازد.",
    list_intro: "از {month} این مصارف را خودتان می‌پردازید:",
    col_type: "مصرف",
    col_creditor: "به کی",
    col_reference: "شمارهٔ مرجع",
    col_amount: "در یک ماه",
    total: "مجموع در یک ماه",
    no_costs: "مصرفی نیست که لازم باشد خودتان بپردازید.",
    how_heading: "چطور پرداخت کنید",
    how: [
        "در بانک خود برای هر بل یک انتقال ثابت ماهوار ترتیب کنید (periodieke overboeking). یا به آن مؤسسه اجازه بدهید که پول را هر ماه به شکل خودکار از حساب شما بگیرد (automatische incasso).",
        "هر بار که پول می‌پردازید، شمارهٔ مرجع را از لست بنویسید. به این ترتیب آن مؤسسه می‌داند که پول از طرف شما است.",
        "متوجه باشید که هر ماه پول کافی برای این مصارف در حساب شما باشد.",
    ],
    allowances_heading: "کمک‌های مالی (toeslagen)",
    allowances: "آیا از ادارهٔ مالیات (Belastingdienst، Dienst Toeslagen) کمک مالی می‌گیرید، مثل کمک کرایهٔ خانه (huurtoeslag) یا کمک بیمهٔ صحی (zorgtoeslag)؟ این پول مثل قبل به حساب بانکی خود شما می‌آید. هیچ چیزی تغییر نمی‌کند. از این پول برای پرداخت کرایهٔ خانه و بیمهٔ صحی استفاده کنید.",
    contact_heading: "سوال دارید؟",
    contact: "سوال دارید؟ یا نمی‌توانید این مصارف را بپردازید؟ منتظر نمانید و تماس بگیرید با:",
    closing: "با احترام،",
    cost_types: ["کرایهٔ خانه", "انرژی (گاز و برق)", "آب", "بیمهٔ صحی"],
    months: ["جنوری", "فبروری", "مارچ", "اپریل", "می", "جون", "جولای", "اگست", "سپتمبر", "اکتوبر", "نومبر", "دسمبر"],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static TI: HandoverLabels = HandoverLabels {
    municipality_heading: "ምምሕዳር ከተማ {municipality}",
    date: "ዕለት",
    title: "ካብ {month} ጀሚርካ ቀወምቲ ወጻኢታትካ ባዕልኻ ትኸፍል",
    salutation: "ክቡር/ክብርቲ {name}፣",
    intro: "ሕጂ ምምሕዳር ከተማ ገለ ካብ ቀወምቲ ወጻኢታትካ ኣብ ክንዳኻ ይኸፍል ኣሎ። እዚ ontzorging ይበሃል። እዚ ሓገዝ ይውዳእ። ምምሕዳር ከተማ ነዞም ወጻኢታት ክሳብ መወዳእታ ዕለት {end} ይኸፍሎም።",
    list_intro: "ካብ {month} ጀሚርካ ነዞም ወጻኢታት ባዕልኻ ትኸፍሎም፡",
    col_type: "ወጻኢታት",
    col_creditor: "ናብ መን",
    col_reference: "መወከሲ ቁጽሪ",
    col_amount: "ኣብ ወርሒ",
    total: "ድምር ኣብ ወርሒ",
    no_costs: "ባዕልኻ ክትከፍሎ ዝጀምር ወጻኢ የለን።",
    how_heading: "ከመይ ጌርካ ትኸፍል",
    how: [
        "ኣብ ባንክኻ ንነፍሲ ወከፍ ሕሳብ ኣብ ነፍሲ ወከፍ ወርሒ ዝኸይድ ቀዋሚ ምትሕልላፍ ገንዘብ ኣዳሉ (periodieke overboeking)። ወይ ድማ ነቲ ትካል ነቲ ገንዘብ ኣብ ነፍሲ ወከፍ ወርሒ ብኣውቶማቲክ ካብ ሕሳብካ ክወስዶ ፍቓድ ሃቦ (automatische incasso)።",
        "ክትከፍል ከለኻ ኩሉ ግዜ ነቲ ኣብ ዝርዝር ዘሎ መወከሲ ቁጽሪ ጽሓፎ። በዚ እቲ ትካል እቲ ገንዘብ ካባኻ ምዃኑ ይፈልጥ።",
        "ኣብ ነፍሲ ወከፍ ወርሒ ነዞም ወጻኢታት ዝኣክል ገንዘብ ኣብ ሕሳብካ ከም ዘሎ ኣረጋግጽ።",
    ],
    allowances_heading: "ሓገዛት ገንዘብ (toeslagen)",
    allowances: "ካብ ቤት ጽሕፈት ግብሪ (Belastingdienst, Dienst Toeslagen) ሓገዝ ገንዘብ ትረክብ ዲኻ፣ ከም ሓገዝ ክራይ ገዛ (huurtoeslag) ወይ ሓገዝ መድሕን ጥዕና (zorgtoeslag)? እዚ ገንዘብ ከም ቀደሙ ናብ ናትካ ሕሳብ ባንኪ ይኣቱ። ዝቕየር ነገር የለን። ነዚ ገንዘብ ክራይ ገዛን መድሕን ጥዕናን ንምኽፋል ተጠቐመሉ።",
    contact_heading: "ሕቶ ኣሎካ ድዩ?",
    contact: "ሕቶ ኣሎካ ድዩ? ወይ ነዞም ወጻኢታት ክትከፍሎም ኣይከኣለካን ድዩ? ኣይትጸበ፣ ምስዚ ተራኸብ፡",
    closing: "ምስ ሰላምታ፣",
    cost_types: ["ክራይ ገዛ", "ጸዓት (ጋዝን ኤሌክትሪክን)", "ማይ", "መድሕን ጥዕና"],
    months: ["ጥሪ", "ለካቲት", "መጋቢት", "ሚያዝያ", "ግንቦት", "ሰነ", "ሓምለ", "ነሓሰ", "መስከረም", "ጥቅምቲ", "ሕዳር", "ታሕሳስ"],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static TR: HandoverLabels = HandoverLabels {
    municipality_heading: "{municipality} Belediyesi",
    date: "Tarih",
    title: "{month} itibarıyla sabit giderlerinizi kendiniz ödüyorsunuz",
    salutation: "Sayın {name},",
    intro: "Belediye şu anda bazı sabit giderlerinizi sizin yerinize ödüyor. Buna ontzorging denir. Bu yardım sona eriyor. Belediye bu giderleri {end} tarihine kadar (bu gün dahil) öder.",
    list_intro: "{month} itibarıyla bu giderleri kendiniz ödersiniz:",
    col_type: "Gider",
    col_creditor: "Kime",
    col_reference: "Referans",
    col_amount: "Aylık",
    total: "Aylık toplam",
    no_costs: "Kendiniz ödemeye başlamanız gereken bir gider yok.",
    how_heading: "Nasıl ödersiniz",
    how: [
        "Bankanızda her fatura için her ay giden sabit bir havale talimatı verin (periodieke overboeking). Ya da kuruma, tutarı her ay hesabınızdan otomatik olarak çekmesi için izin verin (automatische incasso).",
        "Ödeme yaparken her zaman listedeki referansı yazın. Böylece kurum paranın sizden geldiğini bilir.",
        "Her ay bu giderler için hesabınızda yeterli para olduğundan emin olun.",
    ],
    allowances_heading: "Yardım ödemeleri (toeslagen)",
    allowances: "Vergi Dairesinden (Belastingdienst, Dienst Toeslagen) kira yardımı (huurtoeslag) veya sağlık sigortası yardımı (zorgtoeslag) gibi yardım ödemeleri alıyor musunuz? Bu ödemeler yine kendi banka hesabınıza gelir. Hiçbir şey değişmez. Bu parayı kiranızı ve sağlık sigortanızı ödemek için kullanın.",
    contact_heading: "Sorunuz mu var?",
    contact: "Sorunuz mu var? Ya da bu giderleri ödeyemiyor musunuz? Beklemeyin, şu kişiyle iletişime geçin:",
    closing: "Saygılarımızla,",
    cost_types: ["Kira", "Enerji (gaz ve elektrik)", "Su", "Sağlık sigortası"],
    months: [
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
    ],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static SO: HandoverLabels = HandoverLabels {
    municipality_heading: "Dowladda hoose ee {municipality}",
    date: "Taariikh",
    title: "Laga bilaabo {month} adiga ayaa bixinaya kharashaadkaaga joogtada ah",
    salutation: "Mudane/Marwo {name},",
    intro: "Hadda dowladda hoose ayaa kuu bixisa qayb ka mid ah kharashaadkaaga joogtada ah. Tan waxaa la yiraahdaa ontzorging. Caawimaaddan way dhammaanaysaa. Dowladda hoose waxay bixinaysaa kharashaadkan ilaa dhammaadka maalinta {end}.",
    list_intro: "Laga bilaabo {month} adiga ayaa bixinaya kharashaadkan:",
    col_type: "Kharashka",
    col_creditor: "Cidda loo bixinayo",
    col_reference: "Tixraaca",
    col_amount: "Bishii",
    total: "Wadarta bishii",
    no_costs: "Ma jiraan kharashaad aad adigu bilaabayso inaad bixiso.",
    how_heading: "Sida aad u bixinayso",
    how: [
        "Bangigaaga ka samee lacag-wareejin joogto ah oo bil kasta baxda, biil kasta mid (periodieke overboeking). Ama u oggolow hay'adda inay bil kasta si toos ah lacagta uga qaadato koontadaada (automatische incasso).",
        "Markasta oo aad lacag bixinayso, ku qor tixraaca liiska ku jira. Markaas hay'addu waxay ogaanaysaa in lacagtu adiga ka timid.",
        "Hubi in bil kasta lacag ku filan kharashaadkan ay koontadaada ku jirto.",
    ],
    allowances_heading: "Gargaarka lacageed (toeslagen)",
    allowances: "Ma ka heshaa gargaar lacageed xafiiska canshuuraha (Belastingdienst, Dienst Toeslagen), sida gargaarka kirada (huurtoeslag) ama gargaarka caymiska caafimaadka (zorgtoeslag)? Lacagtaas sidii hore ayay ugu imanaysaa koontadaada bangiga. Waxba isma beddelaan. Lacagtan u isticmaal bixinta kirada iyo caymiska caafimaadka.",
    contact_heading: "Su'aalo ma qabtaa?",
    contact: "Su'aalo ma qabtaa? Mise ma awoodid inaad bixiso kharashaadkan? Ha sugin, la xiriir:",
    closing: "Mahadsanid,",
    cost_types: ["Kirada", "Tamarta (gaaska iyo korontada)", "Biyaha", "Caymiska caafimaadka"],
    months: [
        "Janaayo", "Febraayo", "Maarso", "Abriil", "Maajo", "Juun", "Luulyo", "Agoosto", "Sebtembar", "Oktoobar",
        "Nofembar", "Desembar",
    ],
    month_year: "{month} {year}",
    full_date: "{day} {month} {year}",
};

static UK: HandoverLabels = HandoverLabels {
    municipality_heading: "Муніципалітет {municipality}",
    date: "Дата",
    title: "З {month} ви самі оплачуєте свої постійні витрати",
    salutation: "Шановний(-а) {name}!",
    intro: "Зараз муніципалітет оплачує за вас частину ваших постійних витрат. Це називається ontzorging. Ця допомога закінчується. Муніципалітет оплачує ці витрати до {end} включно.",
    list_intro: "З {month} ви самі оплачуєте ці витрати:",
    col_type: "Витрати",
    col_creditor: "Кому",
    col_reference: "Номер для оплати",
    col_amount: "На місяць",
    total: "Разом на місяць",
    no_costs: "Немає витрат, які ви маєте почати оплачувати самі.",
    how_heading: "Як платити",
    how: [
        "Налаштуйте у своєму банку регулярний щомісячний переказ для кожного рахунку (periodieke overboeking). Або дайте організації дозвіл щомісяця автоматично списувати суму з вашого рахунку (automatische incasso).",
        "Під час кожної оплати вказуйте номер для оплати зі списку. Так організація знатиме, що гроші від вас.",
        "Стежте, щоб щомісяця на вашому рахунку було достатньо грошей для цих витрат.",
    ],
    allowances_heading: "Допомоги (toeslagen)",
    allowances: "Ви отримуєте допомоги від податкової служби (Belastingdienst, Dienst Toeslagen), наприклад допомогу на оренду житла (huurtoeslag) або допомогу на медичне страхування (zorgtoeslag)? Ви й далі отримуватимете їх на свій банківський рахунок. Нічого не змінюється. Використовуйте ці гроші, щоб оплачувати оренду та медичне страхування.",
    contact_heading: "Маєте запитання?",
    contact: "Маєте запитання? Або не можете оплатити ці витрати? Не чекайте, зверніться до:",
    closing: "З повагою,",
    cost_types: ["Оренда житла", "Енергія (газ і електрика)", "Вода", "Медичне страхування"],
    months: [
        "січня",
        "лютого",
        "березня",
        "квітня",
        "травня",
        "червня",
        "липня",
        "серпня",
        "вересня",
        "жовтня",
        "листопада",
        "грудня",
    ],
    month_year: "{month} {year} року",
    full_date: "{day} {month} {year} року",
};
